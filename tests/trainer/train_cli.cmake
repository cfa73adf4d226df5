# `spikeforge train` end to end: ADMM and readout on the synthetic task, bad settings (exit 2),
# and a real crash + resume that must give a byte-identical net.json.
set(_tw ${CMAKE_CURRENT_BINARY_DIR})  # exists at test time (the resume script makes its own subdirectory)
set(_tdata --dataset synthetic --steps 12 --train-samples 64 --val-samples 16 --test-samples 32 --seed 3)
set(_tcommon ${_tdata} --hidden 16)
add_test(NAME "trainer: cli train admm" COMMAND ${SPIKEFORGE_CLI} train --method admm ${_tcommon} --iters 4
         --out ${_tw}/train_cli_admm.json --report ${_tw}/train_cli_admm_report.json)
add_test(NAME "trainer: cli train readout" COMMAND ${SPIKEFORGE_CLI} train --method readout ${_tcommon}
         --out ${_tw}/train_cli_readout.json)
foreach(_bad "--rho;0" "--leak;1.5" "--hidden;,;" "--iters;-1" "--beta;-1" "--variant;fancy" "--resume" "--method;sgd"
             "--fan-in-group;2" "--max-fan-in;4;--fan-in-group;0" "--quant-warmup;1")
  string(REPLACE ";" "_" _name "${_bad}")
  set(_args train --method admm ${_tdata} --iters 1 --out ${_tw}/bad.json)
  if(NOT _bad MATCHES "^--hidden")
    list(APPEND _args --hidden 16)
  endif()
  add_test(NAME "trainer: cli train bad ${_name} exits 2"
           COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_args};${_bad}" -D EXPECT=2 -P ${SPIKEFORGE_EXPECT_EXIT})
endforeach()
add_test(NAME "trainer: cli train kill and resume is byte-identical"
         COMMAND ${CMAKE_COMMAND} -D "CLI=${SPIKEFORGE_TEST_DRIVER}" -D "WORK=${_tw}/train_cli_resume" -P ${CMAKE_CURRENT_LIST_DIR}/scripts/train_resume.cmake)
