package dev.weightgate.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GgmlTypeTests {

    @Test
    void supportedTypesHaveGgmlIdsAndBlockLayouts() {
        // (id, elements per block, bytes per block) from ggml.h and ggml-common.h's static_asserts
        assertLayout(GgmlType.F32, 0, 1, 4);
        assertLayout(GgmlType.F16, 1, 1, 2);
        assertLayout(GgmlType.Q4_0, 2, 32, 18);
        assertLayout(GgmlType.Q4_1, 3, 32, 20);
        assertLayout(GgmlType.Q5_0, 6, 32, 22);
        assertLayout(GgmlType.Q5_1, 7, 32, 24);
        assertLayout(GgmlType.Q8_0, 8, 32, 34);
        assertLayout(GgmlType.Q2_K, 10, 256, 84);
        assertLayout(GgmlType.Q3_K, 11, 256, 110);
        assertLayout(GgmlType.Q4_K, 12, 256, 144);
        assertLayout(GgmlType.Q5_K, 13, 256, 176);
        assertLayout(GgmlType.Q6_K, 14, 256, 210);
        assertLayout(GgmlType.BF16, 30, 1, 2);
        assertLayout(GgmlType.MXFP4, 39, 32, 17);
    }

    @Test
    void exactlyTheFourteenTypesAreSupported() {
        Set<GgmlType> supported = EnumSet.noneOf(GgmlType.class);
        for (GgmlType type : GgmlType.values()) {
            if (type.isSupported()) {
                supported.add(type);
            }
        }
        assertThat(supported).containsExactlyInAnyOrder(GgmlType.F32, GgmlType.F16, GgmlType.Q4_0, GgmlType.Q4_1,
                GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K,
                GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.BF16, GgmlType.MXFP4);
    }

    @Test
    void otherKnownIdsAreNamedAndRetiredOrUnassignedIdsAreNot() {
        assertThat(GgmlType.fromId(16)).contains(GgmlType.IQ2_XXS);
        assertThat(GgmlType.fromId(23)).contains(GgmlType.IQ4_XS);
        assertThat(GgmlType.fromId(4)).isEmpty();
        assertThat(GgmlType.retiredName(4)).contains("Q4_2");
        assertThat(GgmlType.retiredName(33)).contains("Q4_0_8_8");
        assertThat(GgmlType.fromId(99)).isEmpty();
        assertThat(GgmlType.fromId(-1)).isEmpty();
        assertThat(GgmlType.retiredName(99)).isEmpty();
    }

    @Test
    void byteSizeRequiresWholeBlocks() {
        assertThat(GgmlType.Q4_K.byteSize(512)).isEqualTo(288);
        assertThat(GgmlType.F16.byteSize(3)).isEqualTo(6);
        assertThatThrownBy(() -> GgmlType.Q4_K.byteSize(2880)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2880").hasMessageContaining("256");
    }

    private static void assertLayout(GgmlType type, int id, int blockSize, int bytesPerBlock) {
        assertThat(type.id()).as("%s id", type).isEqualTo(id);
        assertThat(type.blockSize()).as("%s block size", type).isEqualTo(blockSize);
        assertThat(type.bytesPerBlock()).as("%s bytes per block", type).isEqualTo(bytesPerBlock);
        assertThat(GgmlType.fromId(id)).contains(type);
    }
}
