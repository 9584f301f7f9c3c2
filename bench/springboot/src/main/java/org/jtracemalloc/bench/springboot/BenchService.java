package org.jtracemalloc.bench.springboot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The springboot workload of {@code bench/run.sh}: a minimal Spring Boot web service, Tomcat and
 * Jackson as {@code spring-boot-starter-web} brings them, with one endpoint that builds a small map
 * of lists and strings per request and returns it as JSON. {@code HttpLoad} (bench module) sends
 * it the requests; the port comes from {@code --server.port}.
 */
@SpringBootApplication
@RestController
public class BenchService {
    public static void main(String[] args) {
        SpringApplication.run(BenchService.class, args);
    }

    @GetMapping("/work")
    public Map<String, Object> work(@RequestParam(name = "n", defaultValue = "1") int n) {
        Map<String, Object> entries = new HashMap<>();
        for (int i = 0; i < n; i++) {
            entries.put("k" + i, List.of(i, "v" + i));
        }
        return entries;
    }
}
