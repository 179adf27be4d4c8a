extension String {
    /// The text without the characters XML 1.0 forbids: control characters other than tab, line
    /// feed and carriage return, and U+FFFE and U+FFFF. A calendar title may hold any of them;
    /// Twilio refuses TwiML that does, and pages are kept to the same rule.
    public var removingXMLForbiddenCharacters: String {
        guard unicodeScalars.contains(where: \.isForbiddenInXML) else { return self }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: unicodeScalars.lazy.filter { !$0.isForbiddenInXML })
        return String(scalars)
    }
}

extension Unicode.Scalar {
    var isForbiddenInXML: Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00..<0x20, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
