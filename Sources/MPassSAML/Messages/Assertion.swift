import Foundation

/// `saml2:SubjectConfirmationData`.
public struct SubjectConfirmationData: Sendable, Equatable {
    public var notBefore: SAMLInstant?
    public var notOnOrAfter: SAMLInstant?
    public var recipient: String?
    public var inResponseTo: String?
    public var address: String?

    public init(notBefore: SAMLInstant? = nil, notOnOrAfter: SAMLInstant? = nil, recipient: String? = nil,
                inResponseTo: String? = nil, address: String? = nil) {
        self.notBefore = notBefore
        self.notOnOrAfter = notOnOrAfter
        self.recipient = recipient
        self.inResponseTo = inResponseTo
        self.address = address
    }
}

/// `saml2:SubjectConfirmation`.
public struct SubjectConfirmation: Sendable, Equatable {
    public var method: String?
    public var data: SubjectConfirmationData?

    public init(method: String? = SAMLURI.confirmationBearer, data: SubjectConfirmationData? = nil) {
        self.method = method
        self.data = data
    }
}

/// `saml2:Subject`.
public struct Subject: Sendable, Equatable {
    public var nameID: NameID?
    public var confirmations: [SubjectConfirmation]

    public init(nameID: NameID?, confirmations: [SubjectConfirmation] = []) {
        self.nameID = nameID
        self.confirmations = confirmations
    }
}

/// `saml2:Conditions`. Each inner array is one `AudienceRestriction` (all must be satisfied).
public struct Conditions: Sendable, Equatable {
    public var notBefore: SAMLInstant?
    public var notOnOrAfter: SAMLInstant?
    public var audienceRestrictions: [[String]]

    public init(notBefore: SAMLInstant? = nil, notOnOrAfter: SAMLInstant? = nil, audienceRestrictions: [[String]] = []) {
        self.notBefore = notBefore
        self.notOnOrAfter = notOnOrAfter
        self.audienceRestrictions = audienceRestrictions
    }
}

/// `saml2:AuthnStatement`.
public struct AuthnStatement: Sendable, Equatable {
    public var authnInstant: SAMLInstant?
    public var sessionIndex: String?
    public var sessionNotOnOrAfter: SAMLInstant?
    public var subjectLocalityAddress: String?
    public var authnContextClassRef: String?

    public init(authnInstant: SAMLInstant?, sessionIndex: String?, sessionNotOnOrAfter: SAMLInstant? = nil,
                subjectLocalityAddress: String? = nil, authnContextClassRef: String? = SAMLURI.authnContextUnspecified) {
        self.authnInstant = authnInstant
        self.sessionIndex = sessionIndex
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
        self.subjectLocalityAddress = subjectLocalityAddress
        self.authnContextClassRef = authnContextClassRef
    }
}

/// `saml2:Attribute`, multi-valued.
public struct Attribute: Sendable, Equatable {
    public var name: String
    public var nameFormat: String?
    public var friendlyName: String?
    public var values: [String]

    public init(name: String, values: [String], nameFormat: String? = nil, friendlyName: String? = nil) {
        self.name = name
        self.values = values
        self.nameFormat = nameFormat
        self.friendlyName = friendlyName
    }
}

/// `saml2:Assertion`, every element MPass sends.
public struct Assertion: Sendable, Equatable {
    public var id: String?
    public var version: String?
    public var issueInstant: SAMLInstant?
    public var issuer: String?
    public var subject: Subject?
    public var conditions: Conditions?
    public var authnStatements: [AuthnStatement]
    public var attributes: [Attribute]

    public init(id: String? = SAMLIdentifier.make(), version: String? = SAMLURI.version, issueInstant: SAMLInstant?,
                issuer: String?, subject: Subject?, conditions: Conditions?, authnStatements: [AuthnStatement] = [],
                attributes: [Attribute] = []) {
        self.id = id
        self.version = version
        self.issueInstant = issueInstant
        self.issuer = issuer
        self.subject = subject
        self.conditions = conditions
        self.authnStatements = authnStatements
        self.attributes = attributes
    }

    /// The values of the attribute `name` (empty when absent).
    public func values(of name: String) -> [String] {
        attributes.filter { $0.name == name }.flatMap(\.values)
    }

    // MARK: Parsing

    public init(parsing element: XMLElement) {
        id = element.attribute("ID")
        version = element.attribute("Version")
        issueInstant = element.instant("IssueInstant")
        issuer = element.child("Issuer", .saml)?.text
        subject = element.child("Subject", .saml).map { subject in
            Subject(
                nameID: subject.child("NameID", .saml).map(NameID.init(parsing:)),
                confirmations: subject.children("SubjectConfirmation", .saml).map { confirmation in
                    SubjectConfirmation(
                        method: confirmation.attribute("Method"),
                        data: confirmation.child("SubjectConfirmationData", .saml).map { data in
                            SubjectConfirmationData(
                                notBefore: data.instant("NotBefore"), notOnOrAfter: data.instant("NotOnOrAfter"),
                                recipient: data.attribute("Recipient"), inResponseTo: data.attribute("InResponseTo"),
                                address: data.attribute("Address"))
                        })
                })
        }
        conditions = element.child("Conditions", .saml).map { conditions in
            Conditions(
                notBefore: conditions.instant("NotBefore"), notOnOrAfter: conditions.instant("NotOnOrAfter"),
                audienceRestrictions: conditions.children("AudienceRestriction", .saml).map { restriction in
                    restriction.children("Audience", .saml).map(\.text)
                })
        }
        authnStatements = element.children("AuthnStatement", .saml).map { statement in
            AuthnStatement(
                authnInstant: statement.instant("AuthnInstant"), sessionIndex: statement.attribute("SessionIndex"),
                sessionNotOnOrAfter: statement.instant("SessionNotOnOrAfter"),
                subjectLocalityAddress: statement.child("SubjectLocality", .saml)?.attribute("Address"),
                authnContextClassRef: statement.child("AuthnContext", .saml)?.child("AuthnContextClassRef", .saml)?.text)
        }
        attributes = element.children("AttributeStatement", .saml).flatMap { statement in
            statement.children("Attribute", .saml).map { attribute in
                Attribute(name: attribute.attribute("Name") ?? "",
                          values: attribute.children("AttributeValue", .saml).map(\.text),
                          nameFormat: attribute.attribute("NameFormat"),
                          friendlyName: attribute.attribute("FriendlyName"))
            }
        }
    }

    // MARK: Building

    /// Appends this assertion to `parent` (a Response), in schema order.
    @discardableResult
    public func write(into parent: XMLElement) -> XMLElement {
        let element = parent.addChild("Assertion", .saml)
        element.declareNamespace(.xsi)
        element.declareNamespace(.xs)
        element.setOptional("ID", id)
        element.setOptional("Version", version)
        element.setOptional("IssueInstant", issueInstant?.text)
        if let issuer { element.addChild("Issuer", .saml, text: issuer) }
        if let subject {
            let subjectElement = element.addChild("Subject", .saml)
            subject.nameID?.write(into: subjectElement)
            for confirmation in subject.confirmations {
                let confirmationElement = subjectElement.addChild("SubjectConfirmation", .saml)
                confirmationElement.setOptional("Method", confirmation.method)
                if let data = confirmation.data {
                    let dataElement = confirmationElement.addChild("SubjectConfirmationData", .saml)
                    dataElement.setOptional("NotBefore", data.notBefore?.text)
                    dataElement.setOptional("NotOnOrAfter", data.notOnOrAfter?.text)
                    dataElement.setOptional("Recipient", data.recipient)
                    dataElement.setOptional("InResponseTo", data.inResponseTo)
                    dataElement.setOptional("Address", data.address)
                }
            }
        }
        if let conditions {
            let conditionsElement = element.addChild("Conditions", .saml)
            conditionsElement.setOptional("NotBefore", conditions.notBefore?.text)
            conditionsElement.setOptional("NotOnOrAfter", conditions.notOnOrAfter?.text)
            for restriction in conditions.audienceRestrictions {
                let restrictionElement = conditionsElement.addChild("AudienceRestriction", .saml)
                for audience in restriction { restrictionElement.addChild("Audience", .saml, text: audience) }
            }
        }
        for statement in authnStatements {
            let statementElement = element.addChild("AuthnStatement", .saml)
            statementElement.setOptional("AuthnInstant", statement.authnInstant?.text)
            statementElement.setOptional("SessionIndex", statement.sessionIndex)
            statementElement.setOptional("SessionNotOnOrAfter", statement.sessionNotOnOrAfter?.text)
            if let address = statement.subjectLocalityAddress {
                statementElement.addChild("SubjectLocality", .saml).setAttribute("Address", address)
            }
            if let classRef = statement.authnContextClassRef {
                statementElement.addChild("AuthnContext", .saml).addChild("AuthnContextClassRef", .saml, text: classRef)
            }
        }
        if !attributes.isEmpty {
            let statementElement = element.addChild("AttributeStatement", .saml)
            for attribute in attributes {
                let attributeElement = statementElement.addChild("Attribute", .saml)
                attributeElement.setAttribute("Name", attribute.name)
                attributeElement.setOptional("NameFormat", attribute.nameFormat)
                attributeElement.setOptional("FriendlyName", attribute.friendlyName)
                for value in attribute.values {
                    let valueElement = attributeElement.addChild("AttributeValue", .saml, text: value)
                    valueElement.setAttribute("type", "xs:string", namespace: .xsi)
                }
            }
        }
        return element
    }
}
