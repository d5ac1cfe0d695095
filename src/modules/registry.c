/* registry.c — the list of every module's entities, parents before children. */
#include "modules/modules.h"
#include "modules/disclosure/disclosure.h"
#include "modules/enforcement/enforcement.h"
#include "modules/report/report.h"

#include "core/banned.h"

const struct entity *const module_entities[] = {
    &entity_tasks,
    &entity_progress_reports,
    &entity_supervision_checks,
    /* enforcement */
    &entity_matters,
    &entity_discretion_benchmarks,
    &entity_exemptions,
    &entity_thresholds,
    &entity_certificates,
    &entity_trainings,
    &entity_parties,
    &entity_penalty_cases,
    &entity_evidence,
    &entity_case_documents,
    &entity_criminal_referrals,
    &entity_disclosure_items,
    /* disclosure */
    &entity_proactive_disclosures,
    &entity_disclosure_requests,
    &entity_disclosure_challenges,
    /* the yearly report */
    &entity_annual_reports,
};

const int module_entity_count = sizeof module_entities / sizeof module_entities[0];

void modules_register(void)
{
    entity_register(module_entities, module_entity_count);
}
