# Distributed runs under mpirun (issue #8): np = 2 against np = 1 for train (admm, readout) and
# eval, a failing rank, checkpoints with the same and another number of ranks, the reducer on two
# ranks. Only with SPIKEFORGE_WITH_MPI. Open MPI refuses to run as root unless told: the allow
# settings are set on these tests only (CTest ENVIRONMENT), never globally.
if(NOT SPIKEFORGE_WITH_MPI)
  return()
endif()

set(_d ${CMAKE_CURRENT_SOURCE_DIR}/dist)
set(_o ${CMAKE_CURRENT_BINARY_DIR}/dist_cli)
file(MAKE_DIRECTORY ${_o})
set(_py /usr/bin/python3)
set(_mpirun ${MPIEXEC_EXECUTABLE} ${MPIEXEC_PREFLAGS})
set(_np1 ${_mpirun} ${MPIEXEC_NUMPROC_FLAG} 1)
set(_np2 ${_mpirun} ${MPIEXEC_NUMPROC_FLAG} 2)
set(_mpi_env
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI containers run as root
  OMPI_MCA_rmaps_base_oversubscribe=1                         # 2 ranks on machines with < 2 free slots
  OMPI_MCA_btl_vader_single_copy_mechanism=none               # containers without CMA (ptrace) permission
  OMPI_MCA_btl=self,vader                                     # one machine: shared memory only, no TCP probing
  OMP_NUM_THREADS=1)                                          # 2 ranks x 1 thread on the 2 CI cores
# Each run must end within this (a hanging rank fails the test instead of blocking CI).
set(_mpi_timeout 120)

# Relative tolerance for np = 2 against np = 1 weights, |a − b| <= tol · max(1, max|W_layer|).
# The only difference is the order of the float32 sums over samples (two per-rank partial sums
# added at the end instead of one running sum): a few float32 ulps (1.2e-7) per sum, grown by the
# Gram inverses and the iterations. Measured on this test: 1.6e-6 after 3 iterations, 3.0e-6 after
# 30 (docs/bench/mpi.md); 1e-4 leaves 30x margin. (A z within that distance of θ could flip a
# spike and break the bound; these seeds do not.)
set(SPIKEFORGE_MPI_WEIGHT_REL_TOL 1e-4)

# --keep-best false: return the trained weights (with keep-best, 3 iterations return the init).
set(_train_args train --dataset synthetic --steps 20 --hidden 16 --iters 3 --val-samples 40 --test-samples 60
                --threads 1 --seed 5 --keep-best false)

# The MPI environment, the timeout and the fixtures (SETUP / REQUIRES) of test "dist: <name>".
function(_dist_properties name setup requires)
  set_tests_properties("dist: ${name}" PROPERTIES ENVIRONMENT "${_mpi_env}" TIMEOUT ${_mpi_timeout})
  if(setup)
    set_tests_properties("dist: ${name}" PROPERTIES FIXTURES_SETUP "${setup}")
  endif()
  if(requires)
    set_tests_properties("dist: ${name}" PROPERTIES FIXTURES_REQUIRED "${requires}")
  endif()
endfunction()

function(_dist_test name)
  cmake_parse_arguments(T "" "" "SETUP;REQUIRES;COMMAND" ${ARGN})
  add_test(NAME "dist: ${name}" COMMAND ${T_COMMAND})
  _dist_properties("${name}" "${T_SETUP}" "${T_REQUIRES}")
endfunction()

# A run that must fail: exit code EXPECT, stderr matching MATCH (cmake/expect_exit.cmake).
function(_dist_expect name)
  cmake_parse_arguments(T "" "EXPECT;MATCH" "SETUP;REQUIRES;CMD" ${ARGN})
  # "CMD=..." quoted: one argument (expect_exit.cmake splits it at the semicolons).
  if(T_MATCH)
    add_test(NAME "dist: ${name}" COMMAND ${CMAKE_COMMAND} -D "CMD=${T_CMD}" -D EXPECT=${T_EXPECT} -D "MATCH=${T_MATCH}"
                                          -P ${SPIKEFORGE_EXPECT_EXIT})
  else()
    add_test(NAME "dist: ${name}" COMMAND ${CMAKE_COMMAND} -D "CMD=${T_CMD}" -D EXPECT=${T_EXPECT} -P ${SPIKEFORGE_EXPECT_EXIT})
  endif()
  _dist_properties("${name}" "${T_SETUP}" "${T_REQUIRES}")
endfunction()

# --- the reducer itself on two ranks -------------------------------------------------------------
_dist_test("reducer sums on 2 ranks" COMMAND ${_np2} $<TARGET_FILE:test_dist> "[mpi2]")

# --- train: np = 2 equals np = 1 -------------------------------------------------------------------
foreach(method admm readout)
  foreach(np 1 2)
    _dist_test("train ${method} np=${np}" SETUP dist_${method}_np${np}
               COMMAND ${_mpirun} ${MPIEXEC_NUMPROC_FLAG} ${np} ${SPIKEFORGE_CLI} ${_train_args} --method ${method}
                       --train-samples 300 --out ${_o}/${method}_np${np}.json --report ${_o}/${method}_np${np}.report.json)
  endforeach()
  _dist_test("train ${method}: np=2 weights equal np=1" REQUIRES "dist_${method}_np1;dist_${method}_np2"
             COMMAND ${_py} ${_d}/compare_nets.py ${_o}/${method}_np1.json ${_o}/${method}_np2.json
                     ${SPIKEFORGE_MPI_WEIGHT_REL_TOL})
endforeach()
# The paper variant (zero init: the per-sample init streams must match across shards).
foreach(np 1 2)
  _dist_test("train admm paper np=${np}" SETUP dist_paper_np${np}
             COMMAND ${_mpirun} ${MPIEXEC_NUMPROC_FLAG} ${np} ${SPIKEFORGE_CLI} ${_train_args} --method admm
                     --variant paper --gamma 1e-3 --train-samples 300 --out ${_o}/paper_np${np}.json)
endforeach()
_dist_test("train admm paper: np=2 weights equal np=1" REQUIRES "dist_paper_np1;dist_paper_np2"
           COMMAND ${_py} ${_d}/compare_nets.py ${_o}/paper_np1.json ${_o}/paper_np2.json ${SPIKEFORGE_MPI_WEIGHT_REL_TOL})

# Bytes per iteration: O(layer weights), the same for 300 and 150 samples.
_dist_test("train admm np=2 on 150 samples" SETUP dist_admm_np2_small
           COMMAND ${_np2} ${SPIKEFORGE_CLI} ${_train_args} --method admm --train-samples 150
                   --out ${_o}/admm_np2_small.json --report ${_o}/admm_np2_small.report.json)
_dist_test("train admm: bytes per iteration do not depend on the samples" REQUIRES "dist_admm_np2;dist_admm_np2_small"
           COMMAND ${_py} ${_d}/check_report.py 2 ${_o}/admm_np2.report.json ${_o}/admm_np2_small.report.json)

# --- eval: np = 2 equals np = 1 exactly (integer counts) ---------------------------------------------
foreach(np 1 2)
  _dist_test("eval np=${np}" SETUP dist_eval_np${np} REQUIRES dist_admm_np1
             COMMAND sh -c "${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} ${SPIKEFORGE_CLI} eval --net ${_o}/admm_np1.json --samples 101 --json > ${_o}/eval_np${np}.json")
endforeach()
_dist_test("eval: np=2 equals np=1" REQUIRES "dist_eval_np1;dist_eval_np2"
           COMMAND ${_py} ${_d}/compare_eval.py ${_o}/eval_np1.json ${_o}/eval_np2.json)

# --- failures: the whole job stops, the message names the rank, nobody hangs --------------------------
_dist_test("make data with a cut images file" SETUP dist_cut_data COMMAND ${_py} ${_d}/make_shard_data.py ${_o})
_dist_expect("a rank with a truncated shard stops the job naming the rank" REQUIRES dist_cut_data EXPECT 3
             MATCH "rank 1 of 2: [^\n]*truncated"
             CMD ${_np2} ${SPIKEFORGE_CLI} train --method admm --dataset fashion-mnist --data-dir ${_o}/fm_images_cut
                 --train-samples 80 --test-samples 0 --hidden 8 --iters 1 --steps 4 --out ${_o}/never.json)
_dist_expect("a bad option on every rank exits 2" EXPECT 2 MATCH "rank [01] of 2: train: admm: rho = -1"
             CMD ${_np2} ${SPIKEFORGE_CLI} train --dataset synthetic --hidden 16 --rho -1 --out ${_o}/never.json)

# --- checkpoints: each rank its shard; resume with the same K is bit-identical; another K is refused --
_dist_expect("train admm np=2 stops after iteration 2 with checkpoints" SETUP dist_ckpt EXPECT 75
             CMD ${_np2} ${SPIKEFORGE_TEST_DRIVER} ${_train_args} --method admm --train-samples 300 --checkpoint ${_o}/ck.bin
                 --checkpoint-every 1 --stop-after-iter 2 --out ${_o}/ck_never.json)
_dist_test("train admm np=2 resumes bit-identically" SETUP dist_resumed REQUIRES "dist_ckpt;dist_admm_np2"
           COMMAND ${_np2} ${SPIKEFORGE_CLI} ${_train_args} --method admm --train-samples 300 --checkpoint ${_o}/ck.bin
                   --resume --out ${_o}/admm_np2_resumed.json)
_dist_test("resumed np=2 network equals the uninterrupted one" REQUIRES "dist_resumed"
           COMMAND ${_py} ${_d}/compare_nets.py ${_o}/admm_np2.json ${_o}/admm_np2_resumed.json 0)
_dist_expect("resume with another number of ranks is refused" REQUIRES dist_ckpt EXPECT 2
             MATCH "written by 2 rank\\(s\\) but this run has 1"
             CMD ${_np1} ${SPIKEFORGE_CLI} ${_train_args} --method admm --train-samples 300 --checkpoint ${_o}/ck.bin
                 --resume --out ${_o}/ck_never.json)

# --- commands that do not shard are refused instead of repeating the work on every rank -------------
_dist_expect("commands other than train, eval, verify are refused on 2 ranks" EXPECT 2
             MATCH "rank [01] of 2: 'quantize' does not run under mpirun"
             CMD ${_np2} ${SPIKEFORGE_CLI} quantize --net ${_o}/never.json --out ${_o}/never.q.json)

# --- verify: np = 2 equals np = 1 exactly (spike-exact counts, cycles, event counters) -----------------
_dist_test("quantize the np=1 network for verify" SETUP dist_q REQUIRES dist_admm_np1
           COMMAND ${SPIKEFORGE_CLI} quantize --net ${_o}/admm_np1.json --profile spikeforge-core --out ${_o}/admm_np1.q.json)
foreach(np 1 2)
  _dist_test("verify np=${np}" SETUP dist_verify_np${np} REQUIRES dist_q
             COMMAND sh -c "${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} ${SPIKEFORGE_CLI} verify --net ${_o}/admm_np1.q.json --samples 21 --json > ${_o}/verify_np${np}.json")
endforeach()
_dist_test("verify: np=2 equals np=1" REQUIRES "dist_verify_np1;dist_verify_np2"
           COMMAND ${_py} ${_d}/compare_keys.py ${_o}/verify_np1.json ${_o}/verify_np2.json
                   samples matched spike_exact accuracy cycles clock_cycles_simulated counters golden_counts)
