/**
 * A read_committed consumer that drops every aborted record. @platformatic/kafka 2.12.1 filters
 * aborted batches with one range per producer id (Consumer#filterUncommittedMessages): when a fetch
 * response holds two aborted transactions of one producer (a Flink sink reusing its transactional ids
 * does that), the earlier one's records get through. The test of the actor showed it. This applies, after
 * the client's own filter, the rule of Kafka's Java consumer (CompletedFetch): walk the batches in offset
 * order; a producer's transaction is aborted from the first offset the broker lists for it until that
 * producer's abort marker; its transactional data batches in between are dropped. Control batches are
 * kept: the stream moves its fetch position past them.
 */
import { Consumer, IS_CONTROL, IS_TRANSACTIONAL, type FetchOptions } from "@platformatic/kafka";
import type { FetchResponse } from "@platformatic/kafka/dist/apis/consumer/fetch-v17";
import type { RecordsBatch } from "@platformatic/kafka/dist/protocol/records";


type FetchCallback = (error: Error | null, response?: FetchResponse) => void;

function isAbortMarker(batch: RecordsBatch): boolean {
    // A control record's key: int16 version, int16 type (0 abort, 1 commit).
    const key = batch.records[0]?.key;
    return key !== undefined && key !== null && key.length >= 4 && key.readInt16BE(2) === 0;
}

/** Drops, in place, the data batches of aborted transactions from a read_committed fetch response. */
export function dropAbortedBatches(response: FetchResponse): void {
    for (const topic of response.responses) {
        for (const partition of topic.partitions) {
            const aborted = [...(partition.abortedTransactions ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
            if (aborted.length === 0 || !partition.records) continue;
            const ongoing = new Set<bigint>();
            let next = 0;
            partition.records = partition.records.filter((batch) => {
                const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
                while (next < aborted.length && aborted[next].firstOffset <= lastOffset) ongoing.add(aborted[next++].producerId);
                if (batch.attributes & IS_CONTROL) {
                    if (isAbortMarker(batch)) ongoing.delete(batch.producerId);
                    return true;
                }
                return !((batch.attributes & IS_TRANSACTIONAL) && ongoing.has(batch.producerId));
            });
        }
    }
}

export class ReadCommittedConsumer extends Consumer<string, string, string, string> {
    override fetch(options: FetchOptions<string, string, string, string>, callback: FetchCallback): void;
    override fetch(options: FetchOptions<string, string, string, string>): Promise<FetchResponse>;
    override fetch(options: FetchOptions<string, string, string, string>, callback?: FetchCallback): void | Promise<FetchResponse> {
        if (callback === undefined) {
            return new Promise((resolve, reject) => this.fetch(options, (error, response) => (error ? reject(error) : resolve(response as FetchResponse))));
        }
        super.fetch(options, (error, response) => {
            if (!error && response) dropAbortedBatches(response);
            callback(error, response);
        });
    }
}
