# `spikeforge data` at the CLI level: a real check on the installed Fashion-MNIST, and every kind of
# bad input mapped to its exit code (2 = usage/config, 3 = bad or missing input file) and message.
set(_data_dir ${CMAKE_CURRENT_BINARY_DIR}/bad_data)
add_test(NAME "data-cli: make test data" COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/make_bad_data.py ${_data_dir})
set_tests_properties("data-cli: make test data" PROPERTIES FIXTURES_SETUP data_cli_files)

# name; expected exit; stderr regex; arguments after `data`
function(spikeforge_data_cli_test name code match)
  add_test(NAME "data-cli: ${name}" COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};data;${ARGN}"
           -D EXPECT=${code} -D "MATCH=${match}" -P ${SPIKEFORGE_EXPECT_EXIT})
  set_tests_properties("data-cli: ${name}" PROPERTIES FIXTURES_REQUIRED data_cli_files)
endfunction()

spikeforge_data_cli_test("missing dataset dir says how to install" 3
  "apt-get install dataset-fashion-mnist \\(or pass --data-dir DIR\\)"
  --dataset fashion-mnist --data-dir ${_data_dir}/no_such_dir)
spikeforge_data_cli_test("truncated gzip" 3 "train-labels-idx1-ubyte.gz: corrupt or truncated gzip"
  --dataset fashion-mnist --data-dir ${_data_dir}/fm_truncated_gzip)
spikeforge_data_cli_test("truncated IDX payload" 3 "train-labels-idx1-ubyte.gz: truncated"
  --dataset fashion-mnist --data-dir ${_data_dir}/fm_truncated_idx)
spikeforge_data_cli_test("wrong IDX magic" 3 "train-images-idx3-ubyte.gz: wrong IDX magic 0x00000802, expected 0x00000803"
  --dataset fashion-mnist --data-dir ${_data_dir}/fm_wrong_magic)
spikeforge_data_cli_test("nmnist file ending mid-event" 3 "a.bin: ends mid-event: 12 bytes is not a multiple of 5"
  --dataset nmnist --data-dir ${_data_dir}/nmnist_mid_event)
spikeforge_data_cli_test("nmnist without --data-dir" 3 "pass --data-dir" --dataset nmnist)
spikeforge_data_cli_test("shd file lacking /labels" 3 "shd_train.h5: missing dataset /labels"
  --dataset shd --data-dir ${_data_dir}/shd_no_labels)
spikeforge_data_cli_test("unknown dataset name" 2 "unknown dataset 'cifar'; valid names: fashion-mnist, nmnist, shd, synthetic"
  --dataset cifar)
spikeforge_data_cli_test("unknown option" 2 "--bogus" --dataset synthetic --bogus)
add_test(NAME "data-cli: generated files are described"
         COMMAND ${SPIKEFORGE_CLI} data --dataset fashion-mnist --data-dir ${_data_dir}/fm_ok)
set_tests_properties("data-cli: generated files are described" PROPERTIES FIXTURES_REQUIRED data_cli_files
  PASS_REGULAR_EXPRESSION "train +30 samples; per class: 3 3 3 3 3 3 3 3 3 3")

add_test(NAME "data-cli: fashion-mnist --json reports 60000/10000/784/10"
         COMMAND ${SPIKEFORGE_CLI} data --dataset fashion-mnist --json)
set_tests_properties("data-cli: fashion-mnist --json reports 60000/10000/784/10" PROPERTIES
  PASS_REGULAR_EXPRESSION "\"classes\": 10,[^}]*\"features\": 784,[^}]*\"test\": 10000,[^}]*\"train\": 60000")
add_test(NAME "data-cli: synthetic --json" COMMAND ${SPIKEFORGE_CLI} data --dataset synthetic --json)
set_tests_properties("data-cli: synthetic --json" PROPERTIES
  PASS_REGULAR_EXPRESSION "\"name\": \"synthetic\"[^}]*\"test\": 500[^}]*\"train\": 2000")
