# CLI tests of `spikeforge verify` and `spikeforge energy` on a small hand-made network
# (tests/rtl_sim/data/tiny.q.json, 32-24-4, synthetic dataset).
set(RTL_TINY ${CMAKE_CURRENT_SOURCE_DIR}/rtl_sim/data/tiny.q.json)
add_test(NAME "rtl_sim: verify tiny net spike-exact"
         COMMAND ${SPIKEFORGE_CLI} verify --net ${RTL_TINY} --samples 10 --trace-state --json)
set_tests_properties("rtl_sim: verify tiny net spike-exact" PROPERTIES
                     PASS_REGULAR_EXPRESSION "\"spike_exact\": true")
add_test(NAME "rtl_sim: verify with random initial values"
         COMMAND ${SPIKEFORGE_CLI} verify --net ${RTL_TINY} --samples 5 --rand-reset 2 --rand-seed 7)
add_test(NAME "rtl_sim: verify of a corrupted image exits 1 naming the place"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};verify;--net;${RTL_TINY};--samples;5;--mem;${CMAKE_CURRENT_SOURCE_DIR}/rtl_sim/data/tiny_bad_mem"
                 -D EXPECT=1 -D "MATCH=first mismatch: sample [0-9]+, step [0-9]+, layer 0, neuron 0" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "rtl_sim: verify of a missing network exits 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};verify;--net;${CMAKE_CURRENT_SOURCE_DIR}/rtl_sim/data/nope.q.json"
                 -D EXPECT=3 -D "MATCH=nope.q.json" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "rtl_sim: energy json names every set"
         COMMAND ${SPIKEFORGE_CLI} energy --net ${RTL_TINY} --samples 5 --json)
set_tests_properties("rtl_sim: energy json names every set" PROPERTIES
                     PASS_REGULAR_EXPRESSION "horowitz-45nm.*loihi-2018.*odin-28nm.*reckon-28nm.*truenorth")
add_test(NAME "rtl_sim: energy from golden counts"
         COMMAND ${SPIKEFORGE_CLI} energy --net ${RTL_TINY} --samples 5 --source golden --constants loihi-2018 --json)
set_tests_properties("rtl_sim: energy from golden counts" PROPERTIES PASS_REGULAR_EXPRESSION "energy_per_inference_j")
add_test(NAME "rtl_sim: energy with an unknown constant set exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};energy;--net;${RTL_TINY};--constants;no-such-set"
                 -D EXPECT=2 -D "MATCH=unknown" -P ${SPIKEFORGE_EXPECT_EXIT})
# The weight layout of the core's image is a choice of `energy` (default auto: each layer's smaller layout).
add_test(NAME "rtl_sim: energy --weight-layout sparse co-simulates the sparse image"
         COMMAND ${SPIKEFORGE_CLI} energy --net ${RTL_TINY} --samples 3 --constants horowitz-45nm --weight-layout sparse --json)
set_tests_properties("rtl_sim: energy --weight-layout sparse co-simulates the sparse image" PROPERTIES
                     PASS_REGULAR_EXPRESSION "\"rtl_image_layouts\": \\[[ \n]*\"sparse\",[ \n]*\"sparse\"")
