import ISOCatalog
import Testing

struct LayoutTests {
    static let ubuntu = ImageIdentity(
        family: "Linux", name: "Ubuntu", flavor: "Server",
        version: Version(major: "22", minor: "04", patch: "3"), arch: "amd64")
    static let windows = ImageIdentity(
        family: "Windows", name: "Windows 11", flavor: "Pro", version: Version(major: "23H2"))

    static let renderings: [(String, ImageIdentity, String?, String)] = [
        (Layout.defaultTemplate, ubuntu, nil, "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"),
        (Layout.defaultTemplate, windows, nil, "Windows/Windows 11 - Pro/windows 11.pro-23H2.iso"),
        (
            "{family_lower}/{name_lower}/{major}.{minor}.{patch}/{file_name}", ubuntu,
            "ubuntu-22.04.3-live-server-amd64.iso",
            "linux/ubuntu/22.04.3/ubuntu-22.04.3-live-server-amd64.iso"
        ),
        ("{name}-{major}.{minor}.{patch}-{arch}.iso", ubuntu, nil, "Ubuntu-22.04.3-amd64.iso"),
        ("{name}-{major}.{minor}.{patch}-{arch}.iso", windows, nil, "Windows 11-23H2.iso"),
        ("{arch}-{name}.iso", windows, nil, "Windows 11.iso"),
        ("{name}{arch}.iso", windows, nil, "Windows 11.iso"),
        ("{family}/{arch}_{name}.iso", windows, nil, "Windows/Windows 11.iso"),
        ("{name} {minor}{patch}.iso", windows, nil, "Windows 11.iso"),
        ("{name}-{patch}-{arch}.iso", windows, nil, "Windows 11.iso"),
        ("{family}/{arch}/{name}-{version}.iso", windows, nil, "Windows/Windows 11-23H2.iso"),
        ("{family}/{arch}/{name}-{version}.iso", ubuntu, nil, "Linux/amd64/Ubuntu-22.04.3.iso"),
        (
            "{family}/{name}/{flavor}/{version}/{file_name}", windows, "Win11_23H2_English_x64v2.iso",
            "Windows/Windows 11/Pro/23H2/Win11_23H2_English_x64v2.iso"
        ),
        ("images/{name_lower}_{flavor_lower}_{version}.iso", ubuntu, nil, "images/ubuntu_server_22.04.3.iso"),
    ]

    @Test(arguments: renderings)
    func renders(template: String, identity: ImageIdentity, fileName: String?, expected: String) throws {
        let layout = try Layout(template: template)
        #expect(try layout.relativePath(for: identity, fileName: fileName) == expected)
    }

    @Test func defaultLayoutIsTheDefaultTemplate() throws {
        #expect(Layout.default.template == Layout.defaultTemplate)
        #expect(Layout.default.placeholders == [.family, .name, .flavor, .nameLower, .flavorLower, .version])
    }

    static let invalidTemplates: [(String, LayoutError.Code, String)] = [
        ("", .emptyTemplate, #"layout template "": template is empty"#),
        ("/srv/{name}.iso", .absolutePath, #"layout template "/srv/{name}.iso": must be relative, not start with '/'"#),
        (
            "{family}/../{name}.iso", .parentReference,
            #"layout template "{family}/../{name}.iso": contains a '..' segment"#
        ),
        ("../{name}.iso", .parentReference, #"layout template "../{name}.iso": contains a '..' segment"#),
        ("./{name}.iso", .parentReference, #"layout template "./{name}.iso": contains a '.' segment"#),
        (
            "{family}//{name}.iso", .emptySegment,
            #"layout template "{family}//{name}.iso": contains an empty path segment"#
        ),
        ("{family}/", .emptySegment, #"layout template "{family}/": contains an empty path segment"#),
        (
            "{family}/{nam}.iso", .unknownPlaceholder,
            #"layout template "{family}/{nam}.iso": unknown placeholder {nam}; known: {family} {name} {flavor} {version} {arch} {family_lower} {name_lower} {flavor_lower} {major} {minor} {patch} {file_name}"#
        ),
        ("{family/{name}.iso", .unbalancedBrace, #"layout template "{family/{name}.iso": '{' without '}'"#),
        ("{family}}/x.iso", .unbalancedBrace, #"layout template "{family}}/x.iso": '}' without '{'"#),
        ("{family}\\{name}.iso", .invalidCharacter, #"layout template "{family}\{name}.iso": contains '\'"#),
        (
            "{family}/\u{1}{name}.iso", .invalidCharacter,
            "layout template \"{family}/\u{1}{name}.iso\": contains control character U+0001"
        ),
    ]

    @Test(arguments: invalidTemplates)
    func refusesInvalidTemplates(template: String, code: LayoutError.Code, message: String) {
        do {
            let layout = try Layout(template: template)
            Issue.record("expected \(template) to be refused, got \(layout)")
        } catch {
            #expect(error.code == code)
            #expect(error.message == message)
        }
    }

    /// Identity values or file names trying to leave the repository or add directories.
    static let escapes: [(String, ImageIdentity, String?, LayoutError.Code)] = [
        (
            Layout.defaultTemplate, ImageIdentity(family: "..", name: "x", flavor: "y", version: Version(major: "1")),
            nil, .unsafeValue
        ),
        (
            Layout.defaultTemplate,
            ImageIdentity(family: "Linux", name: "../../etc", flavor: "y", version: Version(major: "1")), nil,
            .unsafeValue
        ),
        (
            Layout.defaultTemplate,
            ImageIdentity(family: "Linux", name: "a/b", flavor: "y", version: Version(major: "1")), nil, .unsafeValue
        ),
        (
            Layout.defaultTemplate,
            ImageIdentity(family: "Linux", name: "a\\b", flavor: "y", version: Version(major: "1")), nil, .unsafeValue
        ),
        (
            Layout.defaultTemplate,
            ImageIdentity(family: "Linux", name: "a", flavor: "y\n", version: Version(major: "1")), nil, .unsafeValue
        ),
        (
            Layout.defaultTemplate,
            ImageIdentity(family: "Linux", name: "a", flavor: "y", version: Version(major: "1", minor: "/")), nil,
            .unsafeValue
        ),
        (
            "{version}/{name}.iso",
            ImageIdentity(family: "Linux", name: "a", flavor: "y", version: Version(major: "..")), nil, .unsafeValue
        ),
        ("{family}/{file_name}", ubuntu, "../../etc/passwd", .unsafeValue),
        ("{family}/{file_name}", ubuntu, "..", .unsafeValue),
        ("{family}/{file_name}", ubuntu, nil, .missingValue),
        ("{family}/{file_name}", ubuntu, "", .missingValue),
        ("{family}/{arch}", windows, nil, .emptySegment),
        (
            "{version}", ImageIdentity(family: "Linux", name: "a", flavor: "y", version: Version(major: "")), nil,
            .missingValue
        ),
    ]

    @Test(arguments: escapes)
    func refusesPathEscapes(template: String, identity: ImageIdentity, fileName: String?, code: LayoutError.Code) throws
    {
        let layout = try Layout(template: template)
        do {
            let path = try layout.relativePath(for: identity, fileName: fileName)
            Issue.record("expected a refusal, got \(path)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.hasPrefix("layout \"\(template)\" cannot place "))
        }
    }

    @Test func missingFileNameErrorNamesThePlaceholder() throws {
        let layout = try Layout(template: "{family}/{file_name}")
        #expect(
            throws: LayoutError(
                .missingValue,
                #"layout "{family}/{file_name}" cannot place Linux/Ubuntu/Server@22.04.3 [amd64]: {file_name} has no value"#
            )
        ) {
            try layout.relativePath(for: Self.ubuntu, fileName: nil)
        }
    }

    static let paths: [(String, Bool)] = [
        ("Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso", true),
        ("a.iso", true),
        ("..iso", true),
        ("a/..b/c.iso", true),
        ("", false),
        ("/etc/passwd", false),
        ("../a.iso", false),
        ("a/../../b.iso", false),
        ("a/..", false),
        ("a//b.iso", false),
        ("a/./b.iso", false),
        ("a/b/", false),
        ("a\\..\\b.iso", false),
        ("a/b\u{0}.iso", false),
    ]

    @Test(arguments: paths)
    func repositoryPathSafety(path: String, safe: Bool) {
        #expect(RepositoryPath.isSafe(path) == safe)
        #expect((RepositoryPath.problem(with: path) == nil) == safe)
    }

    @Test func absolutePathsInsideTheRootAreAccepted() {
        #expect(RepositoryPath.isInside("/srv/repo/Linux/a.iso", root: "/srv/repo"))
        #expect(RepositoryPath.isInside("/srv/repo/Linux/a.iso", root: "/srv/repo/"))
        #expect(!RepositoryPath.isInside("/srv/repository/a.iso", root: "/srv/repo"))
        #expect(!RepositoryPath.isInside("/srv/repo/../etc/passwd", root: "/srv/repo"))
        #expect(!RepositoryPath.isInside("/srv/repo", root: "/srv/repo"))
        #expect(RepositoryPath.isInside("Linux/a.iso", root: "/srv/repo"))
    }
}
