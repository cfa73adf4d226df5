function(spikeforge_set_warnings target)
  target_compile_options(${target} INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
    -Woverloaded-virtual -Wdouble-promotion -Wimplicit-fallthrough
    # GCC 12 reports false -Warray-bounds/-Wstringop-overflow errors inside libstdc++'s inlined
    # std::string copies at -O2 (GCC PR 105651), more often with precompiled headers.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-array-bounds -Wno-stringop-overflow>
    $<$<BOOL:${SPIKEFORGE_WERROR}>:-Werror>)
endfunction()
