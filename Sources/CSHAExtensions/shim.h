// The x86-64 SHA extensions (SHA-NI: sha256rnds2, sha256msg1, sha256msg2), which Swift cannot
// emit and the Glibc module does not reach: the compiler's intrinsics from <immintrin.h>, and
// the CPU's answer to whether it has them from <cpuid.h>. Core's SHA-256 uses them for its
// compression function when the CPU has them and its portable Swift rounds otherwise.
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// 1 when the CPU has the SHA extensions and the SSSE3 and SSE4.1 instructions used with
/// them (CPUID leaf 7 EBX bit 29; leaf 1 ECX bits 9 and 19), else 0.
static inline int saaslab_sha_extensions_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 9)) || !(ecx & (1u << 19))) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 29)) != 0;
}

/// SHA-256's compression function over `blocks` 64-byte blocks at `data`, updating the
/// eight words of `state` (H0...H7) in place, with `k` the 64 round constants (Core's table,
/// so they are written once). Call only when saaslab_sha_extensions_available() says 1.
__attribute__((target("sha,sse4.1,ssse3")))
static inline void saaslab_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // The instructions keep the state as ABEF and CDGH.
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);     // CDAB
    __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);  // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);                                       // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);                                            // CDGH

    while (blocks-- > 0) {
        const __m128i savedABEF = state0, savedCDGH = state1;
        __m128i w[4];
        for (int group = 0; group < 16; group++) {
            // w[group % 4] holds the schedule words 4*group ... 4*group+3.
            if (group < 4) {
                w[group] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * group)), byteSwap);
            } else {
                __m128i next = _mm_sha256msg1_epu32(w[group & 3], w[(group - 3) & 3]);
                next = _mm_add_epi32(next, _mm_alignr_epi8(w[(group - 1) & 3], w[(group - 2) & 3], 4));
                w[group & 3] = _mm_sha256msg2_epu32(next, w[(group - 1) & 3]);
            }
            __m128i message = _mm_add_epi32(w[group & 3], _mm_loadu_si128((const __m128i *)&k[4 * group]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, message);
            state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(message, 0x0E));
        }
        state0 = _mm_add_epi32(state0, savedABEF);
        state1 = _mm_add_epi32(state1, savedCDGH);
        data += 64;
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);             // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);          // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);       // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);          // HGFE
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

#else

static inline int saaslab_sha_extensions_available(void) { return 0; }
static inline void saaslab_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]) {
    (void)state; (void)data; (void)blocks; (void)k;
}

#endif
