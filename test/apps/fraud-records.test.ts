import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDetection } from "../../apps/fraud-records/detection";
import { describeDetection } from "../../apps/fraud-records/describe";
import { kafkaConnection } from "../../apps/fraud-records/kafka-connection";
import { parseOptions } from "../../apps/fraud-records/cli";
import { transactionId, transactionJson } from "../../apps/fraud-records/records";

const T0 = Date.UTC(2023, 10, 14, 12, 0, 18);
const DETECTION = {
    origin: 1,
    target: 3,
    windowStart: Date.UTC(2023, 10, 14, 12, 0, 0),
    windowEnd: Date.UTC(2023, 10, 14, 12, 2, 0),
    total: 19895,
    count: 4,
    firstTimestamp: T0,
    lastTimestamp: T0 + 73_000,
    transactionIds: ["t-000001", "t-000005", "t-000009", "t-000012"],
};

function rejected(value: unknown): string {
    const result = parseDetection(typeof value === "string" ? value : JSON.stringify(value));
    assert.equal(result.ok, false, `accepted ${JSON.stringify(value)}`);
    return result.ok ? "" : result.error;
}

describe("the detection parser", () => {
    it("accepts the job's exact format", () => {
        const result = parseDetection(JSON.stringify(DETECTION));
        assert.deepEqual(result, { ok: true, detection: DETECTION });
    });

    it("rejects each kind of bad record, naming the field", () => {
        assert.match(rejected("not json"), /not JSON/);
        assert.match(rejected([1, 2]), /not a JSON object/);
        assert.match(rejected("null"), /not a JSON object/);
        assert.match(parseDetection(undefined).ok ? "" : "no value", /no value/);
        for (const field of ["origin", "target", "windowStart", "windowEnd", "total", "count", "firstTimestamp", "lastTimestamp", "transactionIds"]) {
            const missing: Record<string, unknown> = { ...DETECTION };
            delete missing[field];
            assert.match(rejected(missing), new RegExp(`"${field}" is missing`));
        }
        assert.match(rejected({ ...DETECTION, total: "19895" }), /"total" must be an integer/);
        assert.match(rejected({ ...DETECTION, origin: 1.5 }), /"origin" must be an integer/);
        assert.match(rejected({ ...DETECTION, target: 1 }), /"origin" and "target" must differ/);
        assert.match(rejected({ ...DETECTION, total: -1 }), /"total" must not be negative/);
        assert.match(rejected({ ...DETECTION, count: 0, transactionIds: [] }), /"count" must be at least 1/);
        assert.match(rejected({ ...DETECTION, windowEnd: DETECTION.windowStart - 1 }), /"windowEnd".*before "windowStart"/);
        assert.match(rejected({ ...DETECTION, lastTimestamp: T0 - 1 }), /"lastTimestamp".*before "firstTimestamp"/);
        assert.match(rejected({ ...DETECTION, transactionIds: "t-000001" }), /"transactionIds" must be an array of strings/);
        assert.match(rejected({ ...DETECTION, transactionIds: [1, 2, 3, 4] }), /"transactionIds" must be an array of strings/);
        assert.match(rejected({ ...DETECTION, transactionIds: ["t-000001"] }), /"transactionIds" has 1 ids but "count" is 4/);
        assert.match(rejected({ ...DETECTION, extra: 1 }), /unknown field "extra"/);
    });
});

describe("the human line", () => {
    it("shows the pair, the total with thousands separators, the count and the UTC times", () => {
        assert.equal(describeDetection(DETECTION), "Fraud: account 1 → 3, 19,895 in 4 transactions, 12:00:18–12:01:31");
        assert.equal(describeDetection({ ...DETECTION, total: 1234567, count: 1, transactionIds: ["t-1"] }), "Fraud: account 1 → 3, 1,234,567 in 1 transaction, 12:00:18–12:01:31");
    });
});

describe("the transaction format", () => {
    it("writes the keys in order and pads ids to 6 digits, wider when needed", () => {
        assert.equal(transactionJson({ amount: 8341, target: 7, origin: 3, timestamp: 1700000000000, id: transactionId(1) }), '{"id":"t-000001","timestamp":1700000000000,"origin":3,"target":7,"amount":8341}');
        assert.equal(transactionId(1234567), "t-1234567");
    });
});

describe("the common options", () => {
    it("names an unknown option and lists the allowed ones", () => {
        assert.throws(() => parseOptions("demo", { topic: { type: "string" } }, ["--topik", "x"]), /demo: Unknown option '--topik'.*Allowed options: --topic <value>/);
    });

    it("builds SCRAM-SHA-512 and TLS from the environment, and refuses half a login", () => {
        const env = { KAFKA_BOOTSTRAP_SERVERS: "a:9093,b:9093", KAFKA_USERNAME: "fraud-actor", KAFKA_PASSWORD: "secret", KAFKA_TLS: "true" };
        assert.deepEqual(kafkaConnection({}, env, "x"), {
            clientId: "x",
            bootstrapBrokers: ["a:9093", "b:9093"],
            sasl: { mechanism: "SCRAM-SHA-512", username: "fraud-actor", password: "secret" },
            tls: {},
        });
        assert.throws(() => kafkaConnection({}, { KAFKA_BOOTSTRAP_SERVERS: "a:1", KAFKA_USERNAME: "u" }, "x"), /needs a password/);
        assert.throws(() => kafkaConnection({}, {}, "x"), /--bootstrap-servers \(or KAFKA_BOOTSTRAP_SERVERS\) is required/);
        assert.throws(() => kafkaConnection({ "bootstrap-servers": "nohost" }, {}, "x"), /"nohost" is not host:port/);
        assert.throws(() => kafkaConnection({}, { KAFKA_BOOTSTRAP_SERVERS: "a:1", KAFKA_TLS: "yes" }, "x"), /KAFKA_TLS must be true or false/);
    });
});
