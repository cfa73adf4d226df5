# CLI smoke tests: the binary starts, prints help and version, rejects unknown options (exit 2).
add_test(NAME "cli: --help" COMMAND ${SPIKEFORGE_CLI} --help)
add_test(NAME "cli: --version" COMMAND ${SPIKEFORGE_CLI} --version)
set_tests_properties("cli: --version" PROPERTIES PASS_REGULAR_EXPRESSION "spikeforge [0-9]+\\.[0-9]+\\.[0-9]+")
add_test(NAME "cli: unknown option exits 2" COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};--no-such-option"
         -D EXPECT=2 -P ${SPIKEFORGE_EXPECT_EXIT})
foreach(cmd data energy eval export import quantize run simulate train verify)
  add_test(NAME "cli: ${cmd} --help" COMMAND ${SPIKEFORGE_CLI} ${cmd} --help)
endforeach()
