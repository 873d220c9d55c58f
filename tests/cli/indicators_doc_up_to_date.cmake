# Fails when docs/indicators.md differs from what `scorecardctl catalogue-doc`
# prints for data/catalogue.yaml. Run with -DSCORECARDCTL=... -DSOURCE_DIR=...
execute_process(
  COMMAND ${SCORECARDCTL} catalogue-doc --catalogue ${SOURCE_DIR}/data/catalogue.yaml
  OUTPUT_VARIABLE generated
  ERROR_VARIABLE errors
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scorecardctl catalogue-doc failed (${rc}): ${errors}")
endif()
file(READ ${SOURCE_DIR}/docs/indicators.md committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR
          "docs/indicators.md is out of date: run\n"
          "  scorecardctl catalogue-doc --catalogue data/catalogue.yaml > docs/indicators.md")
endif()
