import Core
import Foundation
import Testing

struct ClockTests {
    /// 2015-08-30T12:36:00Z, the instant of the AWS SigV4 test suite.
    static let suiteInstant = Date(timeIntervalSince1970: 1_440_938_160)

    @Test func amzFormats() {
        #expect(AWSTimestamp.amzDate(Self.suiteInstant) == "20150830T123600Z")
        #expect(AWSTimestamp.dateStamp(Self.suiteInstant) == "20150830")
        #expect(AWSTimestamp.iso8601(Self.suiteInstant) == "2015-08-30T12:36:00Z")
        #expect(AWSTimestamp.httpDate(Self.suiteInstant) == "Sun, 30 Aug 2015 12:36:00 GMT")
    }

    @Test func fractionsAreTruncated() {
        #expect(AWSTimestamp.amzDate(Self.suiteInstant.addingTimeInterval(0.999)) == "20150830T123600Z")
        #expect(AWSTimestamp.amzDate(Date(timeIntervalSince1970: -0.5)) == "19691231T235959Z")
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z", "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1.0, "19691231T235959Z", "Wed, 31 Dec 1969 23:59:59 GMT"),
        (951_782_400.0, "20000229T000000Z", "Tue, 29 Feb 2000 00:00:00 GMT"),
        (4_107_542_399.0, "21000228T235959Z", "Sun, 28 Feb 2100 23:59:59 GMT"),
        (4_107_542_400.0, "21000301T000000Z", "Mon, 01 Mar 2100 00:00:00 GMT"),
        (1_709_164_800.0, "20240229T000000Z", "Thu, 29 Feb 2024 00:00:00 GMT"),
        (253_402_300_799.0, "99991231T235959Z", "Fri, 31 Dec 9999 23:59:59 GMT"),
        (-62_135_596_800.0, "00010101T000000Z", "Mon, 01 Jan 0001 00:00:00 GMT"),
    ])
    func calendarEdges(seconds: Double, amz: String, http: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(AWSTimestamp.amzDate(date) == amz)
        #expect(AWSTimestamp.httpDate(date) == http)
        #expect(AWSTimestamp.parseAmzDate(amz) == date)
        #expect(AWSTimestamp.parseHTTPDate(http) == date)
        #expect(AWSTimestamp.parseISO8601(AWSTimestamp.iso8601(date)) == date)
    }

    @Test func roundTripsAcrossCenturies() {
        // Steps of 1,649,051 s (not a whole number of days or hours) from 1900 to 2100.
        var seconds = -2_208_988_800
        while seconds < 4_102_444_800 {
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(AWSTimestamp.parseAmzDate(AWSTimestamp.amzDate(date)) == date)
            seconds += 97_003 * 17
        }
    }

    @Test func agreesWithFoundationCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for seconds in stride(from: -5_000_000_000.0, to: 5_000_000_000.0, by: 12_345_678.9) {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(format: "%04ld%02ld%02ldT%02ld%02ld%02ldZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
            #expect(AWSTimestamp.amzDate(date) == expected)
        }
    }

    @Test(arguments: [
        "", "20150830T123600", "20150830 123600Z", "20150830T123600z", "2015083OT123600Z",
        "20151301T000000Z", "20150230T000000Z", "20150229T000000Z", "20150830T240000Z",
        "20150830T126000Z", "20150830T123660Z", "20150830T123600Z ", "+0150830T123600Z",
    ])
    func rejectsMalformedAmzDates(text: String) {
        #expect(AWSTimestamp.parseAmzDate(text) == nil)
    }

    @Test func rejectsMalformedOtherDates() {
        #expect(AWSTimestamp.parseISO8601("2015-08-30 12:36:00Z") == nil)
        #expect(AWSTimestamp.parseISO8601("2015-08-30T12:36:00.000Z") == nil)
        #expect(AWSTimestamp.parseHTTPDate("Sunday, 30-Aug-15 12:36:00 GMT") == nil)
        #expect(AWSTimestamp.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 UTC") == nil)
        #expect(AWSTimestamp.parseHTTPDate("Xyz, 30 Aug 2015 12:36:00 GMT") == nil)
        #expect(AWSTimestamp.parseHTTPDate("Sun, 31 Sep 2015 12:36:00 GMT") == nil)
    }

    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock(start: Self.suiteInstant)
        #expect(clock.now() == Self.suiteInstant)
        clock.advance(by: 90)
        #expect(AWSTimestamp.amzDate(clock.now()) == "20150830T123730Z")
        clock.advance(by: -3600)
        #expect(AWSTimestamp.amzDate(clock.now()) == "20150830T113730Z")
        clock.set(Date(timeIntervalSince1970: 0))
        #expect(clock.now() == Date(timeIntervalSince1970: 0))
    }

    @Test func clocksAreUsableAsExistentials() {
        let clocks: [any WallClock] = [SystemClock(), ManualClock(start: Self.suiteInstant)]
        let before = Date()
        #expect(clocks[0].now() >= before.addingTimeInterval(-1))
        #expect(clocks[1].now() == Self.suiteInstant)
    }
}
