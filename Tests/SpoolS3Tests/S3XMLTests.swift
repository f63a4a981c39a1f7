import Testing
@testable import SpoolS3

@Suite("S3 XML reader")
struct S3XMLTests {
    @Test("an error document: code, message, request id; the declaration skipped")
    func errorDocument() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>\
            <BucketName>videos</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        let root = try S3XMLElement.parse(Array(xml.utf8))
        #expect(root.name == "Error")
        #expect(root.text(of: "Code") == "NoSuchBucket")
        #expect(root.text(of: "Message") == "The specified bucket does not exist")
        #expect(root.text(of: "RequestId") == "4442587FB7D0A2F9")
    }

    @Test("a listing: namespace, repeated elements, entities, CDATA, comments and self-closing tags")
    func listing() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/" attr='a>b'>
              <s3:Name>videos</s3:Name>
              <s3:Contents><s3:Key>a &amp; b &lt;1&gt; &#233;&#x263A;</s3:Key><s3:Size>12</s3:Size><s3:ETag>&quot;abc&quot;</s3:ETag></s3:Contents>
              <s3:Contents><s3:Key><![CDATA[<raw & kept>]]></s3:Key><s3:Size>3</s3:Size></s3:Contents>
              <s3:Owner/>
              <s3:IsTruncated>false</s3:IsTruncated>
            </s3:ListBucketResult>
            """
        let root = try S3XMLElement.parse(Array(xml.utf8))
        #expect(root.name == "ListBucketResult")
        let contents = root.children("Contents")
        #expect(contents.map { $0.text(of: "Key") } == ["a & b <1> é☺", "<raw & kept>"])
        #expect(contents.first?.text(of: "ETag") == "\"abc\"")
        #expect(root.child("Owner") != nil)
        #expect(root.text(of: "IsTruncated") == "false")
    }

    @Test("unknown entities stay as written")
    func unknownEntity() throws {
        let root = try S3XMLElement.parse(Array("<a>&nbsp;&amp</a>".utf8))
        #expect(root.text == "&nbsp;&amp")
    }

    @Test("malformed documents are refused with InvalidResponse", arguments: [
        "<a><b></a>", "<a>", "", "text only", "<a></a><b></b>", "<a><!-- never closed </a>",
    ])
    func malformed(xml: String) {
        let error = #expect(throws: S3Error.self) { try S3XMLElement.parse(Array(xml.utf8)) }
        #expect(error?.code == .invalidResponse)
    }
}
