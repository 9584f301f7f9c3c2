package org.jtracemalloc.bench.workload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database workload of the whole-process benchmark: an in-memory H2 database filled through
 * JDBC with batched inserts, then read with point queries by key and a few grouping queries. The
 * row and query counts are fixed (arguments: rows, default 100,000; point queries, default
 * 50,000) so every configuration does the same work. It prints its own time
 * ({@link WorkloadTime}), the database's start-up included, besides the whole process's.
 */
public final class H2Database {
    private H2Database() {}

    public static void main(String[] args) throws SQLException {
        WorkloadTime time = WorkloadTime.start();
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:bench;DB_CLOSE_DELAY=0")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE item(id INT PRIMARY KEY, category INT, name VARCHAR(64), price DECIMAL(10,2))");
                statement.execute("CREATE INDEX item_category ON item(category)");
            }
            insert(connection, rows);
            long checksum = lookUp(connection, rows, lookups) + group(connection);
            time.print();
            System.out.println("h2: " + rows + " rows, " + lookups + " lookups, checksum " + checksum);
        }
    }

    private static void insert(Connection connection, int rows) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?)")) {
            for (int id = 0; id < rows; id++) {
                insert.setInt(1, id);
                insert.setInt(2, id % 100);
                insert.setString(3, "item-" + id);
                insert.setBigDecimal(4, java.math.BigDecimal.valueOf(id % 10_000, 2));
                insert.addBatch();
                if (id % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static long lookUp(Connection connection, int rows, int lookups) throws SQLException {
        long checksum = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT name, price FROM item WHERE id = ?")) {
            for (int i = 0; i < lookups; i++) {
                // A fixed stride over the keys: the same rows in every run, spread over the table.
                select.setInt(1, (int) ((i * 7919L) % rows));
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        checksum += result.getString(1).length() + result.getBigDecimal(2).intValue();
                    }
                }
            }
        }
        return checksum;
    }

    private static long group(Connection connection) throws SQLException {
        long checksum = 0;
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < 5; i++) {
                try (ResultSet result = statement.executeQuery(
                        "SELECT category, COUNT(*), SUM(price) FROM item WHERE category >= " + i + " GROUP BY category ORDER BY 3 DESC")) {
                    while (result.next()) {
                        checksum += result.getLong(2);
                    }
                }
            }
        }
        return checksum;
    }
}
