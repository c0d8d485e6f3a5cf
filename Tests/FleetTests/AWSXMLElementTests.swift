import Foundation
import Testing

@testable import Fetch

struct AWSXMLElementTests {
    @Test func readsAnAWSResponseWithEntitiesEmptyElementsAndComments() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <reservationSet><item><groupSet/><instancesSet>
                <item><instanceId>i-1</instanceId><privateIpAddress>10.0.0.1</privateIpAddress></item>
                <item><instanceId>i-2</instanceId><tagSet><item><value>a &lt;b&gt; &amp; &#x41;&#66;</value></item></tagSet></item>
              </instancesSet></item></reservationSet>
              <nextToken><![CDATA[tok<en>]]></nextToken>
            </DescribeInstancesResponse>
            """
        let root = try #require(AWSXMLElement.parse(Data(xml.utf8)))
        #expect(root.name == "DescribeInstancesResponse")
        let items = root.all("reservationSet", "item", "instancesSet", "item")
        #expect(items.map { $0.value("instanceId") } == ["i-1", "i-2"])
        #expect(items[0].value("privateIpAddress") == "10.0.0.1")
        #expect(items[1].value("privateIpAddress") == nil)
        #expect(items[1].first("value")?.text == "a <b> & AB")
        #expect(root.value("nextToken") == "tok<en>")
        #expect(root.all("reservationSet", "item", "groupSet").count == 1)
    }

    @Test func anErrorAnswerGivesItsCodeAndMessage() throws {
        let xml =
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>"
        let root = try #require(AWSXMLElement.parse(Data(xml.utf8)))
        #expect(root.first("Code")?.text == "AccessDenied")
        #expect(root.first("Message")?.text == "no")
    }

    @Test func malformedInputIsRefused() {
        #expect(AWSXMLElement.parse(Data("<a><b></a>".utf8)) == nil)
        #expect(AWSXMLElement.parse(Data("<a>".utf8)) == nil)
        #expect(AWSXMLElement.parse(Data("not xml".utf8)) == nil)
        #expect(AWSXMLElement.parse(Data("<a><!-- open".utf8)) == nil)
    }
}
