# `spikeforge quantize --finetune bptt|admm` end to end on the synthetic dataset (seconds): valid
# net.q.json, the report's finetune section, and bad usage exiting 2.
set(_ft ${CMAKE_CURRENT_BINARY_DIR}/quantize_finetune)
file(MAKE_DIRECTORY ${_ft})
set(_ft_q quantize --profile spikeforge-core --weight-bits 2 --dataset synthetic --samples 200 --threads 1)

# Float networks: BPTT (biases, for --finetune bptt) and ADMM (bias-free hidden layers, for admm).
add_test(NAME "cli finetune: train bptt float net"
         COMMAND ${SPIKEFORGE_CLI} train --method bptt --dataset synthetic --steps 40 --hidden 32 --batch-size 32
                 --lr 0.005 --train-samples 600 --test-samples 0 --epochs 2 --threads 1 --out ${_ft}/bptt.json)
set_tests_properties("cli finetune: train bptt float net" PROPERTIES FIXTURES_SETUP ft_bptt_net)
add_test(NAME "cli finetune: train admm float net"
         COMMAND ${SPIKEFORGE_CLI} train --method admm --aggregate false --dataset synthetic --steps 40 --hidden 16 --train-samples 300
                 --test-samples 0 --iters 2 --threads 1 --out ${_ft}/admm.json)
set_tests_properties("cli finetune: train admm float net" PROPERTIES FIXTURES_SETUP ft_admm_net)

# Straight-through BPTT at 2 bits.
add_test(NAME "cli finetune: quantize --finetune bptt"
         COMMAND ${SPIKEFORGE_CLI} ${_ft_q} --net ${_ft}/bptt.json --out ${_ft}/bptt.q.json --report ${_ft}/bptt.report.json
                 --finetune bptt --finetune-samples 600 --finetune-epochs 2)
set_tests_properties("cli finetune: quantize --finetune bptt" PROPERTIES FIXTURES_REQUIRED ft_bptt_net
                     FIXTURES_SETUP ft_bptt_q PASS_REGULAR_EXPRESSION "finetune bptt: fixed accuracy")
add_test(NAME "cli finetune: bptt report has the finetune section"
         COMMAND ${CMAKE_COMMAND} -D REPORT=${_ft}/bptt.report.json -D METHOD=bptt -P ${CMAKE_CURRENT_LIST_DIR}/data/check_finetune_report.cmake)
set_tests_properties("cli finetune: bptt report has the finetune section" PROPERTIES FIXTURES_REQUIRED ft_bptt_q)
add_test(NAME "cli finetune: the fine-tuned net.q.json evaluates"
         COMMAND ${SPIKEFORGE_CLI} eval --net ${_ft}/bptt.q.json --dataset synthetic --samples 100)
set_tests_properties("cli finetune: the fine-tuned net.q.json evaluates" PROPERTIES FIXTURES_REQUIRED ft_bptt_q
                     PASS_REGULAR_EXPRESSION "accuracy")

# ADMM projection block at 2 bits.
add_test(NAME "cli finetune: quantize --finetune admm"
         COMMAND ${SPIKEFORGE_CLI} ${_ft_q} --net ${_ft}/admm.json --out ${_ft}/admm.q.json --report ${_ft}/admm.report.json
                 --finetune admm --finetune-samples 300 --finetune-iters 2)
set_tests_properties("cli finetune: quantize --finetune admm" PROPERTIES FIXTURES_REQUIRED ft_admm_net
                     FIXTURES_SETUP ft_admm_q PASS_REGULAR_EXPRESSION "finetune admm: fixed accuracy")
add_test(NAME "cli finetune: admm report has the finetune section"
         COMMAND ${CMAKE_COMMAND} -D REPORT=${_ft}/admm.report.json -D METHOD=admm -P ${CMAKE_CURRENT_LIST_DIR}/data/check_finetune_report.cmake)
set_tests_properties("cli finetune: admm report has the finetune section" PROPERTIES FIXTURES_REQUIRED ft_admm_q)

# Bad usage: exit 2 with a clear message, nothing written.
add_test(NAME "cli finetune: --finetune foo -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_ft_q};--net;${_ft}/bptt.json;--out;${_ft}/never.q.json;--finetune;foo"
                 -D EXPECT=2 -D "MATCH=--finetune = 'foo' must be 'bptt' or 'admm'" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli finetune: --finetune foo -> exit 2" PROPERTIES FIXTURES_REQUIRED ft_bptt_net)
add_test(NAME "cli finetune: --finetune without --dataset -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--profile;spikeforge-core;--net;${_ft}/bptt.json;--out;${_ft}/never.q.json;--finetune;bptt"
                 -D EXPECT=2 -D "MATCH=--finetune bptt needs --dataset" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli finetune: --finetune without --dataset -> exit 2" PROPERTIES FIXTURES_REQUIRED ft_bptt_net)
add_test(NAME "cli finetune: admm on a network with hidden biases -> exit 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_ft_q};--net;${_ft}/bptt.json;--out;${_ft}/never.q.json;--finetune;admm;--finetune-samples;100"
                 -D EXPECT=2 -D "MATCH=layer 0 has non-zero biases" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli finetune: admm on a network with hidden biases -> exit 2" PROPERTIES FIXTURES_REQUIRED ft_bptt_net)
add_test(NAME "cli finetune: failed fine-tuning writes no output"
         COMMAND ${CMAKE_COMMAND} -E rm ${_ft}/never.q.json)
set_tests_properties("cli finetune: failed fine-tuning writes no output" PROPERTIES WILL_FAIL TRUE
  DEPENDS "cli finetune: --finetune foo -> exit 2;cli finetune: --finetune without --dataset -> exit 2;cli finetune: admm on a network with hidden biases -> exit 2")
