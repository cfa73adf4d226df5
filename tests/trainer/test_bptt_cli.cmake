# `spikeforge train --method bptt` end to end on the synthetic dataset (small and fast).
set(_bptt_out ${CMAKE_CURRENT_BINARY_DIR}/bptt_cli)
file(MAKE_DIRECTORY ${_bptt_out})
set(_bptt_common train --method bptt --dataset synthetic --steps 40 --hidden 32 --batch-size 32 --lr 0.005
    --train-samples 600 --val-samples 100 --test-samples 200 --threads 1)

# Learns the task: the synthetic task is learned to ~1.0 test accuracy by this setting (chance 0.25);
# the regex demands >= 0.9.
add_test(NAME "trainer: bptt cli trains synthetic to >= 0.9 test accuracy"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_bptt_common};--epochs;3;--out;${_bptt_out}/net.json;--report;${_bptt_out}/report.json"
                 -D EXPECT=0 -D "MATCH=bptt 3/3.*done: train_acc=.* test_acc=(0\\.9|1)" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "trainer: bptt cli bad --loss exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_bptt_common};--loss;hinge;--out;${_bptt_out}/bad.json"
                 -D EXPECT=2 -D "MATCH=bptt: loss = 'hinge'" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "trainer: bptt cli resume from a missing checkpoint exits 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_bptt_common};--checkpoint;${_bptt_out}/none.ckpt;--resume;--out;${_bptt_out}/bad.json"
                 -D EXPECT=3 -D "MATCH=none.ckpt" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "trainer: bptt cli negative --spike-budget exits 2 naming the option"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_bptt_common};--spike-budget;-0.5;--out;${_bptt_out}/bad.json"
                 -D EXPECT=2 -D "MATCH=spike.budget = -0.5" -P ${SPIKEFORGE_EXPECT_EXIT})
# The spike budget reaches the trainer: the epoch line reports the hidden rate and a non-zero budget term.
add_test(NAME "trainer: bptt cli --spike-budget reports hidden firing rates"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_bptt_common};--epochs;1;--spike-budget;2;--out;${_bptt_out}/budget.json"
                 -D EXPECT=0 -D "MATCH=bptt 1/1.* hidden_rate=[0-9.e-]+ .*spike_loss=0\\.[0-9]*[1-9]" -P ${SPIKEFORGE_EXPECT_EXIT})
