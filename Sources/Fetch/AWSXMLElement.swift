package import Foundation

/// A parsed XML element of an AWS response (query APIs, S3): name, text, children.
///
/// A small parser of its own rather than Foundation's `XMLParser`: on Linux that one lives in
/// FoundationXML, which links libxml2 into the binary (a runtime package the image does not ship,
/// checked by `scripts/check-deploy.sh`). AWS query responses are plain: elements, text, the five
/// predefined entities and numeric references; attributes, comments, processing instructions and
/// CDATA are understood well enough to skip or keep their text. Namespace prefixes are dropped.
package struct AWSXMLElement: Sendable {
    package var name: String
    package var text: String = ""
    package var children: [AWSXMLElement] = []

    /// Parses `data`; nil when it is not well-formed enough to read.
    package static func parse(_ data: Data) -> AWSXMLElement? {
        var reader = Reader(bytes: Array(data))
        return reader.document()
    }

    /// The children named `name`.
    package func children(_ name: String) -> [AWSXMLElement] { children.filter { $0.name == name } }

    /// The first child named `name`.
    package func child(_ name: String) -> AWSXMLElement? { children.first { $0.name == name } }

    /// The elements reached by following `path` from here (each step any child of that name).
    package func all(_ path: String...) -> [AWSXMLElement] {
        path.reduce([self]) { elements, step in elements.flatMap { $0.children(step) } }
    }

    /// The text of the first child named `name`, trimmed; nil when absent.
    package func value(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The first descendant (depth first) named `name`.
    package func first(_ name: String) -> AWSXMLElement? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// Reads one document from bytes; `index` only moves forward.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func document() -> AWSXMLElement? {
            var stack: [AWSXMLElement] = []
            while index < bytes.count {
                if bytes[index] != UInt8(ascii: "<") {
                    let start = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                    guard !stack.isEmpty else { continue }  // whitespace outside the root
                    stack[stack.count - 1].text += Self.decode(bytes[start..<index])
                    continue
                }
                if starts(with: "<?") {
                    guard skip(past: "?>") else { return nil }
                    continue
                }
                if starts(with: "<!--") {
                    guard skip(past: "-->") else { return nil }
                    continue
                }
                if starts(with: "<![CDATA[") {
                    let start = index + 9
                    guard skip(past: "]]>") else { return nil }
                    if !stack.isEmpty {
                        stack[stack.count - 1].text += String(decoding: bytes[start..<(index - 3)], as: UTF8.self)
                    }
                    continue
                }
                if starts(with: "<!") {
                    guard skip(past: ">") else { return nil }
                    continue
                }
                let tagStart = index + 1
                guard skip(past: ">") else { return nil }
                var tag = bytes[tagStart..<(index - 1)]
                if tag.first == UInt8(ascii: "/") {
                    guard let element = stack.popLast(), Self.name(of: tag.dropFirst()) == element.name else {
                        return nil
                    }
                    if stack.isEmpty { return element }
                    stack[stack.count - 1].children.append(element)
                    continue
                }
                let selfClosing = tag.last == UInt8(ascii: "/")
                if selfClosing { tag = tag.dropLast() }
                let element = AWSXMLElement(name: Self.name(of: tag))
                guard !element.name.isEmpty else { return nil }
                if selfClosing {
                    if stack.isEmpty { return element }
                    stack[stack.count - 1].children.append(element)
                } else {
                    stack.append(element)
                }
            }
            return nil
        }

        private func starts(with text: String) -> Bool {
            let prefix = Array(text.utf8)
            return bytes.count - index >= prefix.count && Array(bytes[index..<(index + prefix.count)]) == prefix
        }

        /// Moves past the next `terminator`; false when there is none.
        private mutating func skip(past terminator: String) -> Bool {
            let end = Array(terminator.utf8)
            while index + end.count <= bytes.count {
                if Array(bytes[index..<(index + end.count)]) == end {
                    index += end.count
                    return true
                }
                index += 1
            }
            return false
        }

        /// The element name of a tag's content (before blanks and attributes), prefix dropped.
        private static func name(of tag: ArraySlice<UInt8>) -> String {
            let raw = String(decoding: tag.prefix { ![UInt8(ascii: " "), 9, 10, 13].contains($0) }, as: UTF8.self)
            return raw.split(separator: ":").last.map(String.init) ?? ""
        }

        /// Text with entity and character references replaced.
        private static func decode(_ slice: ArraySlice<UInt8>) -> String {
            let text = String(decoding: slice, as: UTF8.self)
            guard text.contains("&") else { return text }
            var result = ""
            var rest = Substring(text)
            while let amp = rest.firstIndex(of: "&") {
                result += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";") else { break }
                let entity = rest[rest.index(after: amp)..<semi]
                switch entity {
                case "lt": result += "<"
                case "gt": result += ">"
                case "amp": result += "&"
                case "quot": result += "\""
                case "apos": result += "'"
                default:
                    let scalar: UInt32? =
                        entity.hasPrefix("#x")
                        ? UInt32(entity.dropFirst(2), radix: 16)
                        : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                    if let scalar, let character = Unicode.Scalar(scalar) {
                        result.unicodeScalars.append(character)
                    } else {
                        result += rest[amp...semi]
                    }
                }
                rest = rest[rest.index(after: semi)...]
            }
            return result + rest
        }
    }
}
