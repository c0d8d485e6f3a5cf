import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element of an AWS query API response: name, text, children. Namespaces are
/// ignored (AWS responses use one default namespace).
struct AWSXMLElement: Sendable {
    var name: String
    var text: String = ""
    var children: [AWSXMLElement] = []

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> AWSXMLElement? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// The children named `name`.
    func children(_ name: String) -> [AWSXMLElement] { children.filter { $0.name == name } }

    /// The first child named `name`.
    func child(_ name: String) -> AWSXMLElement? { children.first { $0.name == name } }

    /// The elements reached by following `path` from here (each step any child of that name).
    func all(_ path: String...) -> [AWSXMLElement] {
        path.reduce([self]) { elements, step in elements.flatMap { $0.children(step) } }
    }

    /// The text of the first child named `name`, trimmed; nil when absent.
    func value(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The first descendant (depth first) named `name`.
    func first(_ name: String) -> AWSXMLElement? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// Builds the tree as XMLParser reports elements; used by one parse on one thread.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [AWSXMLElement] = []
        var root: AWSXMLElement?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            stack.append(AWSXMLElement(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }
    }
}
