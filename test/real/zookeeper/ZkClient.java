import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper client for tests: connects to an ensemble with ZooKeeper's own client and runs commands.
 *
 * <pre>
 * java -cp … ZkClient.java TIMEOUT_SECONDS "connect CONNECT_STRING" COMMAND…
 *   COMMAND is one of "connect CONNECT_STRING" (a new session), "create PATH DATA", "get PATH",
 *   "ls PATH" (one argument each, space separated)
 * </pre>
 *
 * Prints one line per command ("connect …", "get /a = x", "ls /a = [b, c]", "create /a"). Everything must
 * be done by TIMEOUT_SECONDS after the start. A command that meets a lost
 * connection (the server it talked to was stopped) is retried while the client fails over to another
 * server, until the deadline. Exits 1 with the reason on the first command that fails.
 */
public class ZkClient {
    public static void main(String[] args) throws Exception {
        // the client's INFO lines would bury the answers; warnings and errors still show
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length < 2 || !args[1].startsWith("connect ")) {
            System.err.println("usage: ZkClient TIMEOUT_SECONDS \"connect CONNECT_STRING\" COMMAND…");
            System.exit(2);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
        ZooKeeper zk = null;
        int status = 0;
        try {
            for (int i = 1; i < args.length; i++) {
                String[] command = args[i].split(" ", 3);
                if (command[0].equals("connect")) {
                    if (zk != null) zk.close(5_000);
                    zk = connect(command[1], deadline);
                    System.out.println("connect " + command[1]);
                } else {
                    System.out.println(run(zk, command, deadline));
                }
            }
        } catch (Exception e) {
            System.err.println("ZkClient failed: " + e);
            status = 1;
        } finally {
            if (zk != null) zk.close(5_000);
        }
        System.exit(status);
    }

    private static ZooKeeper connect(String connectString, long deadline) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
        });
        if (!connected.await(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
            zk.close(1_000);
            throw new IllegalStateException("no connection to " + connectString + " within the deadline");
        }
        return zk;
    }

    private static String run(ZooKeeper zk, String[] command, long deadline) throws Exception {
        boolean retried = false;
        while (true) {
            try {
                switch (command[0]) {
                    case "create":
                        zk.create(command[1], command[2].getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                        return "create " + command[1];
                    case "get":
                        // sync first, so a follower answers with everything the leader committed
                        CountDownLatch synced = new CountDownLatch(1);
                        zk.sync(command[1], (rc, path, ctx) -> synced.countDown(), null);
                        synced.await(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                        byte[] data = zk.getData(command[1], false, null);
                        return "get " + command[1] + " = " + new String(data, StandardCharsets.UTF_8);
                    case "ls":
                        List<String> children = zk.getChildren(command[1], false);
                        children.sort(null);
                        return "ls " + command[1] + " = " + children;
                    default:
                        throw new IllegalArgumentException("unknown command " + String.join(" ", command));
                }
            } catch (KeeperException.ConnectionLossException | KeeperException.SessionMovedException e) {
                // the server this client talked to went away: the client reconnects to another one
                if (remainingMillis(deadline) <= 0) throw e;
                retried = true;
                Thread.sleep(250);
            } catch (KeeperException.NodeExistsException e) {
                // a create retried after a lost connection may have been applied the first time
                if (!retried) throw e;
                return "create " + command[1];
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
