/// Escaping for HTML text and quoted attribute values: the one implementation every page
/// of the project uses (the POST binding's auto-submit page, the simulator's and the
/// reference Service's pages), so no page can forget a character.
public enum HTMLEscaping {
    /// Escapes the five characters that matter inside HTML text and quoted attributes.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
