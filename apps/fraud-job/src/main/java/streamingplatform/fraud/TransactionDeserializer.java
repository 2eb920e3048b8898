package streamingplatform.fraud;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Every record of the transactions topic becomes exactly one SourceRecord; nothing here throws on bad input. */
public class TransactionDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        out.collect(Json.parseTransaction(record.value()));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
