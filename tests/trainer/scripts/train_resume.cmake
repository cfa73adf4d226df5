# cmake -D CLI=spikeforge -D WORK=dir -P train_resume.cmake
# An uninterrupted ADMM run vs a run that crashes (std::_Exit) after iteration 3 and is resumed from
# its iteration-2 checkpoint: the two net.json files must be byte-identical. A checkpoint made with
# other hidden sizes must be refused with exit 2.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(args train --method admm --variant improved --dataset synthetic --steps 12 --hidden 16 --train-samples 64
         --val-samples 16 --test-samples 0 --iters 6 --val-every 2 --seed 5 --threads 2 --checkpoint-every 2)
execute_process(COMMAND ${CLI} ${args} --checkpoint ${WORK}/a.ckpt --out ${WORK}/full.json RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "uninterrupted run failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${CLI} ${args} --checkpoint ${WORK}/b.ckpt --out ${WORK}/resumed.json --stop-after-iter 3
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR EXISTS ${WORK}/resumed.json OR NOT EXISTS ${WORK}/b.ckpt)
  message(FATAL_ERROR "the crashing run should die after iteration 3 with a checkpoint and no output (rc ${rc}): ${err}")
endif()
execute_process(COMMAND ${CLI} ${args} --checkpoint ${WORK}/b.ckpt --resume --out ${WORK}/resumed.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "resumed run failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/full.json ${WORK}/resumed.json RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "resumed net.json differs from the uninterrupted one")
endif()
string(REPLACE "--hidden;16" "--hidden;12" other "${args}")
execute_process(COMMAND ${CLI} ${other} --checkpoint ${WORK}/b.ckpt --resume --out ${WORK}/other.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "a checkpoint of another shape must exit 2, got ${rc}: ${err}")
endif()
