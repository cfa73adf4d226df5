# The bad-input table of docs/reliability.md: one CTest per class (tests/cli/bad_input.py CASE).
set(_bad_input_cases
  out_device_written_through out_symlink_followed out_directory_refused export_rtl_never_deletes
  failed_command_keeps_outputs unwritable_out_before_training run_config_checked_before_stages
  run_dir_locked run_stale_artifacts_marked run_resume_verifies_artifacts cli_numbers run_config_numbers
  clamped_counts_warned directory_inputs missing_inputs forged_idx_header)
foreach(case IN LISTS _bad_input_cases)
  add_test(NAME "cli: bad input ${case}"
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/bad_input.py ${SPIKEFORGE_CLI}
                   ${CMAKE_CURRENT_SOURCE_DIR}/data ${case} ${SPIKEFORGE_TEST_DRIVER})
  set_tests_properties("cli: bad input ${case}" PROPERTIES TIMEOUT 120 LABELS bad_input)
endforeach()
