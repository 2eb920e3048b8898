package streamingplatform.fraud;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The job's dataflow, shared by the cluster job (FraudJob) and the local runner (LocalFraudPipeline):
 * Kafka source (parses; punctuated watermarks per partition) → validate (malformed and late records to
 * the dead letters) → key by (origin, target) → sliding event-time windows → detect → `fraud` topic;
 * dead letters → dead-letter topic. Both sinks write exactly once (Kafka transactions committed on checkpoints).
 */
public final class FraudTopology {
    /** The metric group of the job's own metrics. */
    public static final String METRIC_GROUP = "fraud";
    /** Kafka's broker default transaction.max.timeout.ms is 15 min; a transaction must not outlive it. */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    private FraudTopology() {}

    /** Adds the job to `env`; turns on checkpointing at the configured interval when the cluster's configuration has none. */
    public static void build(StreamExecutionEnvironment env, FraudJobConfig config) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) env.enableCheckpointing(config.checkpointInterval.toMillis());

        DataStream<SourceRecord> records = env
                .fromSource(source(config), PunctuatedWatermarks.strategy(config.outOfOrderness), "transactions-source")
                .uid("transactions-source");

        SingleOutputStreamOperator<Transaction> transactions = records
                .process(new ValidateTransactions())
                .uid("validate")
                .name("validate");

        transactions
                .keyBy(Transaction::pair, Types.STRING)
                .window(windows(config))
                .process(new DetectFraud(config.threshold, config.windowSlide.toMillis()))
                .uid("detect-fraud")
                .name("detect-fraud")
                .sinkTo(sink(config, config.transactionalIdPrefix + "-fraud", new DetectionSchema(config.fraudTopic)))
                .uid("fraud-sink")
                .name("fraud-sink");

        transactions
                .getSideOutput(ValidateTransactions.DEAD_LETTERS)
                .sinkTo(sink(config, config.transactionalIdPrefix + "-dead-letter", new DeadLetterSchema(config.deadLetterTopic)))
                .uid("dead-letter-sink")
                .name("dead-letter-sink");
    }

    /** Sliding event-time windows aligned to epoch multiples of the slide (offset 0); a window holds start <= ts < end. */
    static SlidingEventTimeWindows windows(FraudJobConfig config) {
        return SlidingEventTimeWindows.of(config.windowSize, config.windowSlide);
    }

    static KafkaSource<SourceRecord> source(FraudJobConfig config) {
        OffsetsInitializer start = switch (config.startingOffsets) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
        return KafkaSource.<SourceRecord>builder()
                .setProperties(config.kafkaProperties)
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.transactionsTopic)
                // with a group id the source commits its offsets to Kafka on every completed checkpoint
                .setGroupId(config.groupId)
                .setStartingOffsets(start)
                .setDeserializer(new TransactionDeserializer())
                // only what a transactional producer committed
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /**
     * An exactly-once sink. Its transactional ids are `<prefix>-<subtask>-<checkpoint>`; the two sinks get
     * prefixes `<--transactional-id-prefix>-fraud` and `-dead-letter`, neither a prefix of the other, so
     * that one sink's recovery never aborts the other's transactions (and with the default `fraud-job` all
     * ids start with `fraud-job-`, which the platform's ACL allows).
     */
    static <T> KafkaSink<T> sink(FraudJobConfig config, String transactionalIdPrefix, KafkaRecordSerializationSchema<T> schema) {
        Properties producer = new Properties();
        producer.putAll(config.kafkaProperties);
        producer.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producer)
                .setBootstrapServers(config.bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(schema)
                .build();
    }

    /** A detection: key "<origin>-<target>", the JSON value. */
    static final class DetectionSchema implements KafkaRecordSerializationSchema<Detection> {
        private final String topic;

        DetectionSchema(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(Detection d, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, d.pair().getBytes(StandardCharsets.UTF_8), Json.detection(d));
        }
    }

    /** A dead letter: no key, the JSON value. */
    static final class DeadLetterSchema implements KafkaRecordSerializationSchema<DeadLetter> {
        private final String topic;

        DeadLetterSchema(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, Json.deadLetter(d));
        }
    }
}
