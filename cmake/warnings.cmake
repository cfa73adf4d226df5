function(spikeforge_set_warnings target)
  target_compile_options(${target} INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
    -Woverloaded-virtual -Wdouble-promotion -Wimplicit-fallthrough
    $<$<BOOL:${SPIKEFORGE_WERROR}>:-Werror>)
endfunction()
