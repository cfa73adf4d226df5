# CLI smoke tests: the binary starts, prints help and version, rejects unknown options (exit 2).
add_test(NAME "cli: --help" COMMAND ${SPIKEFORGE_CLI} --help)
add_test(NAME "cli: --version" COMMAND ${SPIKEFORGE_CLI} --version)
set_tests_properties("cli: --version" PROPERTIES PASS_REGULAR_EXPRESSION "spikeforge [0-9]+\\.[0-9]+\\.[0-9]+")
add_test(NAME "cli: unknown option exits 2" COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};--no-such-option"
         -D EXPECT=2 -P ${SPIKEFORGE_EXPECT_EXIT})
foreach(cmd data energy eval export import quantize run simulate train verify)
  add_test(NAME "cli: ${cmd} --help" COMMAND ${SPIKEFORGE_CLI} ${cmd} --help)
endforeach()

# The latency encoder's cutoff is part of the network's encoding: train records it in net.json and
# eval (like verify, energy, quantize) encodes the test images with it unless told otherwise.
set(_cutoff_dir ${CMAKE_CURRENT_BINARY_DIR}/cli_cutoff)
file(MAKE_DIRECTORY ${_cutoff_dir})
add_test(NAME "cli: train --latency-cutoff is recorded in net.json"
         COMMAND ${SPIKEFORGE_CLI} train --method bptt --dataset fashion-mnist --encoding latency
                 --steps 6 --hidden 8 --train-samples 200 --epochs 1 --latency-cutoff 0.6 --out ${_cutoff_dir}/net.json)
set_tests_properties("cli: train --latency-cutoff is recorded in net.json" PROPERTIES FIXTURES_SETUP cli_cutoff)
add_test(NAME "cli: eval encodes with the network's latency cutoff"
         COMMAND ${SPIKEFORGE_CLI} eval --net ${_cutoff_dir}/net.json --samples 20 --json)
set_tests_properties("cli: eval encodes with the network's latency cutoff" PROPERTIES FIXTURES_REQUIRED cli_cutoff
                     PASS_REGULAR_EXPRESSION "\"latency_cutoff\": 0\\.6")
add_test(NAME "cli: eval --latency-cutoff overrides the network's"
         COMMAND ${SPIKEFORGE_CLI} eval --net ${_cutoff_dir}/net.json --samples 20 --json --latency-cutoff 0.3)
set_tests_properties("cli: eval --latency-cutoff overrides the network's" PROPERTIES FIXTURES_REQUIRED cli_cutoff
                     PASS_REGULAR_EXPRESSION "\"latency_cutoff\": 0\\.3")
add_test(NAME "cli: eval --latency-cutoff 1 exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};eval;--net;${_cutoff_dir}/net.json;--latency-cutoff;1"
                 -D EXPECT=2 -D "MATCH=latency_cutoff = 1" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli: eval --latency-cutoff 1 exits 2" PROPERTIES FIXTURES_REQUIRED cli_cutoff)
