# `spikeforge eval` end to end on the synthetic dataset with hand-made networks (tests/data/).
set(_eval_data ${CMAKE_CURRENT_SOURCE_DIR}/data)
set(_eval_out ${CMAKE_CURRENT_BINARY_DIR}/eval_cli)
file(MAKE_DIRECTORY ${_eval_out})

add_test(NAME "core: eval prints JSON with accuracy"
         COMMAND ${SPIKEFORGE_CLI} eval --net ${_eval_data}/eval_net.json --split test --samples 40 --json)
set_tests_properties("core: eval prints JSON with accuracy" PROPERTIES
  PASS_REGULAR_EXPRESSION "\"accuracy\": [0-9.e-]+.*\"confusion\".*\"firing_rates\".*\"samples\": 40")

add_test(NAME "core: eval text report"
         COMMAND ${SPIKEFORGE_CLI} eval --net ${_eval_data}/eval_net.json --dataset synthetic --samples 10 --steps 30)
set_tests_properties("core: eval text report" PROPERTIES
  PASS_REGULAR_EXPRESSION "accuracy +[0-9.]+.*layer 0 +firing rate.*samples/s")

add_test(NAME "core: eval bad net.json exits 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};eval;--net;${_eval_data}/no-such-net.json"
                 -D EXPECT=3 -D "MATCH=no-such-net.json" -P ${SPIKEFORGE_EXPECT_EXIT})
file(WRITE ${_eval_out}/bad_net.json "{\"format\": \"spikeforge.network/1\", \"encoding\": {\"dataset\": \"synthetic\", \"encoding\": \"rate\", \"steps\": 5, \"seed\": 1, \"bin_us\": 1000}, \"layers\": [{\"weights\": [[0.5, null]], \"bias\": [0], \"leak\": 0.9, \"v_thresh\": 1, \"reset\": \"zero\", \"spiking\": false}]}")
add_test(NAME "core: eval invalid net.json exits 3 naming the field"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};eval;--net;${_eval_out}/bad_net.json"
                 -D EXPECT=3 -D "MATCH=layers\\[0\\]\\.weights\\[0\\]\\[1\\] = null" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "core: eval unknown option exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};eval;--net;${_eval_data}/eval_net.json;--no-such-option"
                 -D EXPECT=2 -P ${SPIKEFORGE_EXPECT_EXIT})
file(WRITE ${_eval_out}/three_inputs.json "{\"format\": \"spikeforge.network/1\", \"encoding\": {\"dataset\": \"synthetic\", \"encoding\": \"rate\", \"steps\": 5, \"seed\": 1, \"bin_us\": 1000}, \"layers\": [{\"weights\": [[0.5, 0.25, 1]], \"bias\": [0], \"leak\": 0.9, \"v_thresh\": 1, \"reset\": \"zero\", \"spiking\": false}]}")
add_test(NAME "core: eval data/network size mismatch exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};eval;--net;${_eval_out}/three_inputs.json;--samples;1"
                 -D EXPECT=2 -D "MATCH=32 inputs but the network expects 3" -P ${SPIKEFORGE_EXPECT_EXIT})

# Independent check: a numpy re-implementation of the float model must agree with eval.
foreach(_net eval_net eval_net_spiking)
  add_test(NAME "core: eval ${_net} agrees with the numpy float model"
           COMMAND ${CMAKE_COMMAND} -E env
                   sh -c "\"$1\" eval --net \"$2/${_net}.json\" --split test --samples 200 --save-inputs \"$3/${_net}.in.json\" --save-outputs \"$3/${_net}.out.json\" --json >/dev/null && /usr/bin/python3 \"$4\" \"$2/${_net}.json\" \"$3/${_net}.in.json\" \"$3/${_net}.out.json\""
                   eval-check ${SPIKEFORGE_CLI} ${_eval_data} ${_eval_out} ${CMAKE_CURRENT_SOURCE_DIR}/core/float_model_check.py)
  set_tests_properties("core: eval ${_net} agrees with the numpy float model" PROPERTIES
    PASS_REGULAR_EXPRESSION "failures 0" FAIL_REGULAR_EXPRESSION "FAIL")
endforeach()

# Fixed networks run on the golden model: quantize the hand-made net, then evaluate net.q.json.
add_test(NAME "core: eval of net.q.json runs the golden model"
         COMMAND ${CMAKE_COMMAND} -E env
                 sh -c "\"$1\" quantize --net \"$2/eval_net.json\" --profile spikeforge-core --out \"$3/eval_net.q.json\" >/dev/null && \"$1\" eval --net \"$3/eval_net.q.json\" --samples 20 --json"
                 eval-fixed ${SPIKEFORGE_CLI} ${_eval_data} ${_eval_out})
set_tests_properties("core: eval of net.q.json runs the golden model" PROPERTIES
  PASS_REGULAR_EXPRESSION "\"accuracy\": [0-9.e-]+.*\"event_counts\".*\"model\": \"fixed\".*\"samples\": 20")
