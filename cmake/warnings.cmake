# The project's warning flags, applied to its own code through spikeforge_options. Third-party
# headers (Eigen, nlohmann-json, CLI11, Catch2, HDF5, the Verilated model) come in through imported
# or SYSTEM targets, i.e. as -isystem, so their own warnings stay silent without any -w.
include(CheckCXXSourceCompiles)

function(spikeforge_set_warnings target)
  target_compile_options(${target} INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
    -Woverloaded-virtual -Wdouble-promotion -Wimplicit-fallthrough
    # GCC 12 reports false -Warray-bounds/-Wstringop-overflow errors inside libstdc++'s inlined
    # std::string copies at -O2 (GCC PR 105651), more often with precompiled headers.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-array-bounds -Wno-stringop-overflow>
    # At -O3 (the release preset) GCC 12 adds two more of that family inside libstdc++'s inlined
    # std::string code: -Wrestrict on `"literal" + std::string` (GCC PR 105329, fixed in 12.3/13)
    # and -Wstringop-overread on moving a string built from a long literal. Release only: the ci
    # preset (-O2, -Werror) keeps both for our code.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>,$<CONFIG:Release>>:-Wno-restrict -Wno-stringop-overread>
    $<$<BOOL:${SPIKEFORGE_WERROR}>:-Werror>)

  # GCC 12's AVX-512 intrinsics give their "don't care" operands a self-initialized value
  # (`__m512 __Y = __Y;` in avx512fintrin.h), and -Wmaybe-uninitialized reports it wherever an
  # Eigen kernel using them is inlined into our code: GCC PR 105593, fixed in GCC 13. The location
  # is GCC's own header, so -isystem cannot silence it; it appears only when the build targets
  # AVX-512 (the release preset's -march=native on an AVX-512 machine: ~2,600 warning lines). Only
  # there, and only for GCC < 13, the warning is turned off; the ci preset (no -march, -Werror)
  # keeps it for our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
    set(flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${build_type}}")
    string(MD5 flags_hash "${flags}")
    set(CMAKE_REQUIRED_FLAGS "${flags}")
    set(CMAKE_REQUIRED_QUIET ON)
    check_cxx_source_compiles("#ifndef __AVX512F__\n#error not AVX-512\n#endif\nint main() { return 0; }"
                              SPIKEFORGE_AVX512_${flags_hash})
    if(SPIKEFORGE_AVX512_${flags_hash})
      target_compile_options(${target} INTERFACE -Wno-maybe-uninitialized)
      message(STATUS "spikeforge: GCC < 13 targeting AVX-512: -Wno-maybe-uninitialized (GCC PR 105593)")
    endif()
  endif()
endfunction()
