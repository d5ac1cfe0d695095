/* registry.c — the list of every module's entities, parents before children. */
#include "modules/modules.h"

#include "core/banned.h"

const struct entity *const module_entities[] = {
    &entity_tasks,
    &entity_progress_reports,
    &entity_supervision_checks,
};

const int module_entity_count = sizeof module_entities / sizeof module_entities[0];

void modules_register(void)
{
    entity_register(module_entities, module_entity_count);
}
