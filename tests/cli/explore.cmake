# `spikeforge explore` on the synthetic dataset (--quick): a 4-point sweep through the whole
# pipeline, its Pareto front and page (tests/cli/check_explore.py, headless Chromium), resuming a
# finished sweep, and bad options (exit 2 naming the option).
set(_ex_dir ${CMAKE_CURRENT_BINARY_DIR}/explore_cli)
set(_ex_args explore --quick --out ${_ex_dir}/sweep --methods admm,bptt --encodings rate,latency --steps 10)
add_test(NAME "cli: explore starts from an empty directory" COMMAND ${CMAKE_COMMAND} -E rm -rf ${_ex_dir}/sweep)
set_tests_properties("cli: explore starts from an empty directory" PROPERTIES FIXTURES_SETUP explore_clean)
add_test(NAME "cli: explore --quick sweeps 4 points end to end" COMMAND ${SPIKEFORGE_CLI} ${_ex_args})
set_tests_properties("cli: explore --quick sweeps 4 points end to end" PROPERTIES FIXTURES_REQUIRED explore_clean
                     FIXTURES_SETUP explore_quick TIMEOUT 300)
add_test(NAME "cli: explore front, recommendation and page agree with a brute-force check"
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_explore.py ${_ex_dir}/sweep 4)
set_tests_properties("cli: explore front, recommendation and page agree with a brute-force check"
                     PROPERTIES FIXTURES_REQUIRED explore_quick FIXTURES_SETUP explore_checked TIMEOUT 300)
add_test(NAME "cli: explore resumes: a finished sweep skips every stage of every point"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};${_ex_args}" -D EXPECT=0
                 -D "MATCH=point 4/4 bptt-latency-T10-b0 \\(resuming\\).*already finished, skipped" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli: explore resumes: a finished sweep skips every stage of every point"
                     PROPERTIES FIXTURES_REQUIRED "explore_quick;explore_checked" TIMEOUT 300)
foreach(_case "spike-budgets;-1;--spike-budgets" "steps;0;--steps" "encodings;morse;--encodings" "methods;sgd;--methods")
  list(GET _case 0 _opt)
  list(GET _case 1 _val)
  list(GET _case 2 _match)
  add_test(NAME "cli: explore bad --${_opt} ${_val} exits 2 naming the option"
           COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};explore;--quick;--out;${_ex_dir}/never;--${_opt};${_val}"
                   -D EXPECT=2 -D "MATCH=${_match}" -P ${SPIKEFORGE_EXPECT_EXIT})
endforeach()
