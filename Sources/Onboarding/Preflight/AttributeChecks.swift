/// The attribute list of the integration form: names MPass knows, or declared custom ones.
struct AttributeChecks {
    let attributes: [String]
    let customAttributes: [String]

    private func item(_ id: String, _ subject: String, _ status: PreflightStatus, _ detail: String, fix: String? = nil) -> PreflightItem {
        PreflightItem(id, .attributes, subject: subject, status: status, detail: detail, fix: fix)
    }

    func run() -> [PreflightItem] {
        guard !attributes.isEmpty else {
            return [item("attributes.listed", "attribute list", .fail, "no attributes are listed; the integration form asks for them",
                         fix: "add `onboarding.attributes: [NameIdentifier, FirstName, LastName, BirthDate]` with the attributes your Service needs")]
        }
        var items = [item("attributes.listed", "attribute list", .pass, attributes.joined(separator: ", "))]
        var seen: Set<String> = []
        for name in attributes {
            if name.isEmpty {
                items.append(item("attributes.known", "(blank)", .fail, "a blank attribute name", fix: "remove the blank entry"))
                continue
            }
            if !seen.insert(name).inserted {
                items.append(item("attributes.unique", name, .warn, "listed twice", fix: "list each attribute once"))
                continue
            }
            if MPassAttributes.standard.contains(name) {
                let note = name == "NameIdentifier" ? "; MPass returns it as Subject/NameID, not as an attribute" : ""
                items.append(item("attributes.known", name, .pass, "an MPass attribute\(note)"))
            } else if customAttributes.contains(name) {
                items.append(item("attributes.known", name, .pass, "a custom attribute (declared in custom_attributes)"))
            } else if let suggestion = MPassAttributes.suggestion(for: name) {
                items.append(item("attributes.known", name, .fail, "\"\(name)\" is not an MPass attribute",
                                  fix: "did you mean \(suggestion)? MPass spells its attributes exactly as its guide does"))
            } else {
                items.append(item("attributes.known", name, .fail, "\"\(name)\" is not an MPass attribute",
                                  fix: "use a name from the MPass list (\(MPassAttributes.standard.joined(separator: ", "))), or, if AGE agreed a custom attribute, declare it under `onboarding.custom_attributes`"))
            }
        }
        for name in customAttributes where MPassAttributes.standard.contains(name) {
            items.append(item("attributes.custom", name, .warn, "\"\(name)\" is a standard MPass attribute, declared as custom",
                              fix: "remove it from custom_attributes"))
        }
        return items
    }
}
