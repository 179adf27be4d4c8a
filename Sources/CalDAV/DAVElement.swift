import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a WebDAV answer, by namespace and local name, with its children and text:
/// enough of a tree to read a `multistatus` (RFC 4918 §14.16) whatever prefixes a server picks.
struct DAVElement: Sendable {
    var namespace: String
    var name: String
    var attributes: [String: String] = [:]
    var children: [DAVElement] = []
    var text = ""

    /// The first child named `name` in `namespace` (`DAV:` unless said).
    func child(_ name: String, _ namespace: String = DAV.namespace) -> DAVElement? {
        children.first { $0.name == name && $0.namespace == namespace }
    }

    func all(_ name: String, _ namespace: String = DAV.namespace) -> [DAVElement] {
        children.filter { $0.name == name && $0.namespace == namespace }
    }

    /// The first element named so at any depth below this one.
    func descendant(_ name: String, _ namespace: String = DAV.namespace) -> DAVElement? {
        for child in children {
            if child.name == name && child.namespace == namespace { return child }
            if let found = child.descendant(name, namespace) { return found }
        }
        return nil
    }

    var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Parses an XML document; nil when it is not well-formed.
    static func parse(_ data: Data) -> DAVElement? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }
}

/// Namespaces and the request bodies this client sends.
enum DAV {
    static let namespace = "DAV:"
    static let caldav = "urn:ietf:params:xml:ns:caldav"
    static let calendarServer = "http://calendarserver.org/ns/"
    static let apple = "http://apple.com/ns/ical/"
}

/// Builds the tree as the parser walks the document.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [DAVElement] = []
    var root: DAVElement?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        stack.append(DAVElement(namespace: namespaceURI ?? "", name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
    }
}

extension String {
    /// Text escaped for an XML element's content.
    var xmlEscaped: String {
        var escaped = ""
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
