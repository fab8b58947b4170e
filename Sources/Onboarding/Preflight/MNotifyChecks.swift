import HarnessModel

/// MNotify's integration data: it accepts calls only from registered IP addresses (test and
/// production apart), and its form asks for the notification channels.
struct MNotifyChecks {
    let mnotify: OnboardingDetails.MNotify?

    private func item(_ id: String, _ subject: String, _ status: PreflightStatus, _ detail: String, fix: String? = nil) -> PreflightItem {
        PreflightItem(id, .mnotify, subject: subject, status: status, detail: detail, fix: fix)
    }

    func run() -> [PreflightItem] {
        guard let mnotify else {
            return [item("mnotify.requested", "MNotify", .skip, "no `onboarding.mnotify` section: MNotify is not part of this onboarding")]
        }
        var items: [PreflightItem] = []
        items += addresses(mnotify.testIPs, environment: "test")
        items += addresses(mnotify.productionIPs, environment: "production")
        let shared = Set(mnotify.testIPs).intersection(mnotify.productionIPs).filter { NetworkAddress.family(of: $0) != nil }
        if mnotify.testIPs.isEmpty || mnotify.productionIPs.isEmpty {
            items.append(item("mnotify.ip.distinct", "IP addresses", .skip, "one of the environments has no address"))
        } else if shared.isEmpty {
            items.append(item("mnotify.ip.distinct", "IP addresses", .pass, "test and production addresses differ"))
        } else {
            items.append(item("mnotify.ip.distinct", "IP addresses", .fail,
                              "\(shared.sorted().joined(separator: ", ")) is given for both test and production",
                              fix: "MNotify tells the environments apart by the caller's address: give the test system's and the production system's own public addresses"))
        }
        let channels = mnotify.channels.filter { !$0.isEmpty }
        if channels.isEmpty {
            items.append(item("mnotify.channels", "channels", .fail, "no notification channel is named",
                              fix: "add `onboarding.mnotify.channels: [email, sms]` with the channels your system will send through"))
        } else if channels.count != mnotify.channels.count {
            items.append(item("mnotify.channels", "channels", .fail, "a channel name is blank", fix: "remove the blank entry"))
        } else {
            items.append(item("mnotify.channels", "channels", .pass, channels.joined(separator: ", ")))
        }
        return items
    }

    private func addresses(_ list: [String], environment: String) -> [PreflightItem] {
        let subject = "\(environment) IP addresses"
        guard !list.isEmpty else {
            return [item("mnotify.ip.present", subject, .fail, "none given",
                         fix: "add `onboarding.mnotify.\(environment)_ips: [203.0.113.10]`: the public address(es) your \(environment) system calls MNotify from")]
        }
        var items = [item("mnotify.ip.present", subject, .pass, list.joined(separator: ", "))]
        for address in list {
            guard NetworkAddress.family(of: address) != nil else {
                let fix = address.contains("/")
                    ? "give single addresses, not ranges: MNotify registers each caller's address"
                    : "write an IPv4 address such as 172.46.45.10 (four numbers 0-255), or an IPv6 address"
                items.append(item("mnotify.ip.well-formed", "\(environment) IP \(address)", .fail, "\"\(address)\" is not an IP address", fix: fix))
                continue
            }
            if NetworkAddress.isPrivate(address) {
                items.append(item("mnotify.ip.well-formed", "\(environment) IP \(address)", .warn,
                                  "\(address) is a private or loopback address; MNotify sees the public address your calls leave from",
                                  fix: "ask your network team for the public (NAT) address of the \(environment) system"))
            } else {
                items.append(item("mnotify.ip.well-formed", "\(environment) IP \(address)", .pass, "well-formed"))
            }
        }
        return items
    }
}
