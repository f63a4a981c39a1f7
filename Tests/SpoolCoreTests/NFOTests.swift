import SpoolCore
import Testing

/// Kodi/Jellyfin NFO files, compared with whole expected documents.
@Suite("NFO files")
struct NFOTests {
    @Test("an episode from the site's metadata: season is the year, episode the month and day")
    func episode() {
        let metadata = SourceMetadata(
            title: "Tom & Jerry <Live> \"2024\"", uploader: "Ann", duration: 754, extractor: "youtube", sourceID: "dQw4w9WgXcQ",
            thumbnailURL: "https://i.example/t.jpg", description: "Line one\nLine two & 'more'\u{0007}", uploadDate: "20240315"
        )
        let nfo = EpisodeNFO(metadata: metadata, showName: "Cats & Dogs", thumb: "thumbnail.jpg")
        #expect(nfo.xml == """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <episodedetails>
          <title>Tom &amp; Jerry &lt;Live&gt; &quot;2024&quot;</title>
          <showtitle>Cats &amp; Dogs</showtitle>
          <season>2024</season>
          <episode>315</episode>
          <aired>2024-03-15</aired>
          <premiered>2024-03-15</premiered>
          <plot>Line one
        Line two &amp; &apos;more&apos;</plot>
          <runtime>13</runtime>
          <uniqueid type="youtube" default="true">dQw4w9WgXcQ</uniqueid>
          <thumb>thumbnail.jpg</thumb>
        </episodedetails>

        """)
    }

    @Test("the site's own numbers win; no date, no description, the probe's duration, the site's thumbnail URL")
    func sparse() {
        let metadata = SourceMetadata(title: "Ep", extractor: "generic", sourceID: "x\"y", thumbnailURL: "https://i.example/a.jpg?x=1&y=2", seasonNumber: 2, episodeNumber: 7)
        #expect(EpisodeNFO(metadata: metadata, showName: "S", duration: 20).xml == """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <episodedetails>
          <title>Ep</title>
          <showtitle>S</showtitle>
          <season>2</season>
          <episode>7</episode>
          <runtime>1</runtime>
          <uniqueid type="generic" default="true">x&quot;y</uniqueid>
          <thumb>https://i.example/a.jpg?x=1&amp;y=2</thumb>
        </episodedetails>

        """)
        let bare = EpisodeNFO(metadata: SourceMetadata(uploadDate: "2024-3-5"), showName: "S")
        #expect(bare.title == "" && bare.season == nil && bare.episode == nil && bare.aired == nil && bare.runtimeMinutes == nil && bare.uniqueID == nil)
        #expect(EpisodeNFO(metadata: SourceMetadata(uploadDate: "20241301"), showName: "S").aired == nil, "month 13 is no date")
        #expect(EpisodeNFO(metadata: SourceMetadata(uploadDate: "20240101"), showName: "S").episode == 101)
    }

    @Test("a show: its title, and its poster when there is one")
    func tvShow() {
        #expect(TVShowNFO(title: "Cats & Dogs", poster: "poster.jpg").xml == """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <tvshow>
          <title>Cats &amp; Dogs</title>
          <showtitle>Cats &amp; Dogs</showtitle>
          <thumb aspect="poster">poster.jpg</thumb>
        </tvshow>

        """)
        #expect(!TVShowNFO(title: "A").xml.contains("<thumb"))
    }

    @Test("escaping: markup characters become entities, characters XML forbids are left out")
    func escaping() {
        #expect(XMLText.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;")
        #expect(XMLText.escape("tab\there\r\nnul\u{0}bell\u{7}\u{FFFE}é🎬") == "tab\there\r\nnulbellé🎬")
    }
}
