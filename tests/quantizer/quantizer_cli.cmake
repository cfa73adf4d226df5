# `spikeforge quantize` and `spikeforge simulate` end to end: success paths and exit codes.
set(_qd ${CMAKE_CURRENT_LIST_DIR}/data)
set(_qo ${CMAKE_CURRENT_BINARY_DIR}/quantizer_cli)
file(MAKE_DIRECTORY ${_qo})

add_test(NAME "quantizer cli: quantize for spikeforge-core"
         COMMAND ${SPIKEFORGE_CLI} quantize --net ${_qd}/tiny_net.json --profile spikeforge-core
                 --out ${_qo}/tiny.q.json --report ${_qo}/tiny.report.json --json)
set_tests_properties("quantizer cli: quantize for spikeforge-core" PROPERTIES FIXTURES_SETUP tiny_q
                     PASS_REGULAR_EXPRESSION "\"weight_exp\"")
add_test(NAME "quantizer cli: loihi lacks subtract reset -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qd}/tiny_net.json;--profile;loihi;--out;${_qo}/never.q.json"
                 -D EXPECT=2 -D "MATCH=reset = subtract" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: --allow-reset-change maps onto loihi"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qd}/tiny_net.json;--profile;loihi;--out;${_qo}/loihi.q.json;--allow-reset-change"
                 -D EXPECT=0 -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: 1-bit weights of mixed sign -> exit 2 naming the file, layer and range"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qd}/tiny_net.json;--profile;spikeforge-core;--weight-bits;1;--out;${_qo}/never.q.json"
                 -D EXPECT=2 -D "MATCH=tiny_net.json: quantize: layer 0: weight_bits = 1 with mixed weights" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: unknown profile -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qd}/tiny_net.json;--profile;no-such-chip;--out;${_qo}/never.q.json"
                 -D EXPECT=2 -D "MATCH=unknown profile" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: invalid profile file -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qd}/tiny_net.json;--profile;${_qd}/bad_profile.json;--out;${_qo}/never.q.json"
                 -D EXPECT=2 -D "MATCH=vth_bits = 40" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: network over the profile's limits -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qd}/tiny_net.json;--profile;${_qd}/small_profile.json;--out;${_qo}/never.q.json"
                 -D EXPECT=2 -D "MATCH=layer 0 neurons = 3" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: missing net.json -> exit 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${_qo}/missing.json;--profile;loihi;--out;${_qo}/never.q.json"
                 -D EXPECT=3 -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: failed quantize writes no output"
         COMMAND ${CMAKE_COMMAND} -E rm ${_qo}/never.q.json)
set_tests_properties("quantizer cli: failed quantize writes no output" PROPERTIES WILL_FAIL TRUE
  DEPENDS "quantizer cli: loihi lacks subtract reset -> exit 2;quantizer cli: 1-bit weights of mixed sign -> exit 2 naming the file, layer and range;quantizer cli: unknown profile -> exit 2;quantizer cli: invalid profile file -> exit 2;quantizer cli: network over the profile's limits -> exit 2;quantizer cli: missing net.json -> exit 3")

add_test(NAME "quantizer cli: simulate fixed network"
         COMMAND ${SPIKEFORGE_CLI} simulate --net ${_qo}/tiny.q.json --input ${_qd}/spikes.json --out ${_qo}/trace_fixed.json)
set_tests_properties("quantizer cli: simulate fixed network" PROPERTIES FIXTURES_REQUIRED tiny_q FIXTURES_SETUP trace_fixed)
add_test(NAME "quantizer cli: fixed trace has u and v per step"
         COMMAND ${CMAKE_COMMAND} -D TRACE=${_qo}/trace_fixed.json -D MODEL=fixed -D STEPS=6 -P ${_qd}/check_trace.cmake)
set_tests_properties("quantizer cli: fixed trace has u and v per step" PROPERTIES FIXTURES_REQUIRED trace_fixed)
add_test(NAME "quantizer cli: simulate float network"
         COMMAND ${SPIKEFORGE_CLI} simulate --net ${_qd}/tiny_net.json --input ${_qd}/spikes.json --out ${_qo}/trace_float.json)
set_tests_properties("quantizer cli: simulate float network" PROPERTIES FIXTURES_SETUP trace_float)
add_test(NAME "quantizer cli: float trace has v per step"
         COMMAND ${CMAKE_COMMAND} -D TRACE=${_qo}/trace_float.json -D MODEL=float -D STEPS=6 -P ${_qd}/check_trace.cmake)
set_tests_properties("quantizer cli: float trace has v per step" PROPERTIES FIXTURES_REQUIRED trace_float)
foreach(bad bad_t bad_i bad_shape)
  add_test(NAME "quantizer cli: simulate spikes_${bad}.json -> exit 3"
           COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};simulate;--net;${_qd}/tiny_net.json;--input;${_qd}/spikes_${bad}.json;--out;${_qo}/never_trace.json"
                   -D EXPECT=3 -D "MATCH=spikes_${bad}.json: events" -P ${SPIKEFORGE_EXPECT_EXIT})
endforeach()
add_test(NAME "quantizer cli: simulate out-of-range net.q.json -> exit 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};simulate;--net;${_qd}/bad_vth.q.json;--input;${_qd}/spikes.json;--out;${_qo}/never_trace.json"
                 -D EXPECT=3 -D "MATCH=vth = 200000" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "quantizer cli: simulate with missing spikes file -> exit 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};simulate;--net;${_qd}/tiny_net.json;--input;${_qo}/missing.json;--out;${_qo}/never_trace.json"
                 -D EXPECT=3 -P ${SPIKEFORGE_EXPECT_EXIT})
