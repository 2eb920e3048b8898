package streamingplatform.fraud;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The cluster job: `flink run` / the Flink operator's FlinkDeployment with this jar (README.md). */
public final class FraudJob {
    private FraudJob() {}

    public static void main(String[] args) throws Exception {
        FraudJobConfig config;
        try {
            config = FraudJobConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fraud-job: bad arguments:\n" + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FraudTopology.build(env, config);
        env.execute("fraud-detection");
    }
}
