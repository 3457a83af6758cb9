package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An env passing between the languages: what a version of one sees of the values a version of the other left. */
class EnvFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJavaVersionSeesWhatJsonCanShowOfAPythonEnv() throws Exception {
        Map<String, Object> typed = object("{\"last\":{\"$tuple\":[14.9,{\"$datetime\":\"2026-11-27T14:00:05\"}]},"
                + "\"by_cpu\":{\"$dict\":[[0,1.5],[1,2.5]]},\"plain\":{\"a\":[1,null]}}");

        Map<String, Object> plain = EnvForm.JSON.from(EnvForm.PYTHON, typed);

        assertThat(JSON.writeValueAsString(plain))
                .isEqualTo("{\"last\":[14.9,\"2026-11-27T14:00:05\"],\"by_cpu\":{\"0\":1.5,\"1\":2.5},"
                        + "\"plain\":{\"a\":[1,null]}}");
    }

    @Test
    void aPythonVersionGetsEveryValueOfAJavaEnvEvenUnderKeysThatLookLikeTags() throws Exception {
        Map<String, Object> plain = object("{\"n\":1,\"prices\":{\"$usd\":2.5,\"eur\":null},\"list\":[{\"$x\":[]}]}");

        Map<String, Object> typed = EnvForm.PYTHON.from(EnvForm.JSON, plain);

        assertThat(JSON.writeValueAsString(typed))
                .isEqualTo("{\"n\":1,\"prices\":{\"$dict\":[[\"$usd\",2.5],[\"eur\",null]]},"
                        + "\"list\":[{\"$dict\":[[\"$x\",[]]]}]}");
        assertThat(EnvForm.JSON.from(EnvForm.PYTHON, typed)).as("and back").isEqualTo(plain);
    }

    @Test
    void anEnvInTheFormAskedForIsTheSameMap() throws Exception {
        Map<String, Object> env = object("{\"n\":1}");
        assertThat(EnvForm.PYTHON.from(EnvForm.PYTHON, env)).isSameAs(env);
        assertThat(EnvForm.JSON.from(EnvForm.JSON, env)).isSameAs(env);
    }

    private static Map<String, Object> object(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    }
}
