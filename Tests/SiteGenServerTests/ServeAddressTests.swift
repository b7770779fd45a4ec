import SiteGenServer
import Testing

@Suite struct ServeAddressTests {
    @Test func addressesSayWhetherTheyAreLocal() {
        #expect(ServeAddress(host: "127.0.0.1", port: 8000).url == "http://127.0.0.1:8000/")
        #expect(ServeAddress(host: "127.0.0.1", port: 8000).isLoopback)
        #expect(ServeAddress(host: "::1", port: 80).url == "http://[::1]:80/")
        #expect(ServeAddress(host: "[::1]", port: 80).bindHost == "::1")
        #expect(ServeAddress(host: "localhost", port: 1).isLoopback)
        #expect(!ServeAddress(host: "0.0.0.0", port: 8000).isLoopback)
        #expect(ServeAddress(host: "0.0.0.0", port: 8000).url == "http://127.0.0.1:8000/")
        #expect(!ServeAddress(host: "192.168.1.5", port: 8000).isLoopback)
    }
}
