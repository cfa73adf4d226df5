# `spikeforge run` end to end on the synthetic dataset (--quick: seconds), its artifacts and
# report figures, the HTML report in headless Chromium, a failing late stage + --resume, and config
# errors (exit 2). Checks live in tests/cli/check_report_html.py (run with /usr/bin/python3).
set(_run_dir ${CMAKE_CURRENT_BINARY_DIR}/run_cli)
set(_run_check /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_report_html.py)
file(MAKE_DIRECTORY ${_run_dir})
file(WRITE ${_run_dir}/bad_key.json "{\"train\": {\"iterations\": 3, \"foo\": 1}}\n")
file(WRITE ${_run_dir}/bad_type.json "{\"verify\": {\"samples\": \"many\"}}\n")

# Whole pipeline, then its artifacts and report figures, then the page in Chromium.
add_test(NAME "cli: run --quick end to end" COMMAND ${SPIKEFORGE_CLI} run --quick --out ${_run_dir}/quick)
set_tests_properties("cli: run --quick end to end" PROPERTIES FIXTURES_SETUP run_quick TIMEOUT 300
                     PASS_REGULAR_EXPRESSION "RTL spike-exact")
add_test(NAME "cli: run --quick artifacts and report.json figures" COMMAND ${_run_check} ${_run_dir}/quick --artifacts)
set_tests_properties("cli: run --quick artifacts and report.json figures" PROPERTIES FIXTURES_REQUIRED run_quick)
add_test(NAME "cli: run report.html renders in headless chromium" COMMAND ${_run_check} ${_run_dir}/quick --render)
set_tests_properties("cli: run report.html renders in headless chromium" PROPERTIES FIXTURES_REQUIRED run_quick TIMEOUT 300)

# A late stage fails: the finished stages' artifacts stay, --resume with another config is refused,
# --resume with the same config skips the finished stages and completes the run.
add_test(NAME "cli: run stops at a failing stage"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_TEST_DRIVER};run;--quick;--fail-stage;verify;--out;${_run_dir}/resume"
                 -D EXPECT=1 -D "MATCH=stage verify FAILED.*--resume" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli: run stops at a failing stage" PROPERTIES FIXTURES_SETUP run_failed TIMEOUT 300)
add_test(NAME "cli: run --resume refuses a different config"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};run;--resume;--out;${_run_dir}/resume"
                 -D EXPECT=2 -D "MATCH=--resume refused" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli: run --resume refuses a different config" PROPERTIES FIXTURES_REQUIRED run_failed
                     FIXTURES_SETUP run_refused)
add_test(NAME "cli: run --resume continues after the failed stage"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};run;--quick;--resume;--out;${_run_dir}/resume"
                 -D EXPECT=0 -D "MATCH=train already finished.*export already finished.*verify\\] +100%"
                 -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("cli: run --resume continues after the failed stage" PROPERTIES FIXTURES_REQUIRED "run_failed;run_refused"
                     FIXTURES_SETUP run_resumed TIMEOUT 300)
add_test(NAME "cli: run resumed artifacts and report.json figures" COMMAND ${_run_check} ${_run_dir}/resume --artifacts)
set_tests_properties("cli: run resumed artifacts and report.json figures" PROPERTIES FIXTURES_REQUIRED run_resumed)

# Config errors: exit 2 naming the key; --resume without a run to continue.
add_test(NAME "cli: run unknown config key exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};run;--quick;--config;${_run_dir}/bad_key.json;--out;${_run_dir}/bad"
                 -D EXPECT=2 -D "MATCH=unknown key 'train.foo'" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "cli: run config value of the wrong type exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};run;--quick;--config;${_run_dir}/bad_type.json;--out;${_run_dir}/bad"
                 -D EXPECT=2 -D "MATCH=verify.samples" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "cli: run unknown stage exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};run;--quick;--stages;train,fly;--out;${_run_dir}/bad"
                 -D EXPECT=2 -D "MATCH=unknown stage 'fly'" -P ${SPIKEFORGE_EXPECT_EXIT})
add_test(NAME "cli: run --resume without a previous run exits 2"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};run;--quick;--resume;--out;${_run_dir}/nothing_here"
                 -D EXPECT=2 -D "MATCH=nothing to resume" -P ${SPIKEFORGE_EXPECT_EXIT})
