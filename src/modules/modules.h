/* modules.h — every domain module's entities, and the registry the program registers at
 * start. A module is a file of tables (entities, workflows, deadlines) and guards; adding
 * one means adding its entities to registry.c, nothing in the engine. */
#ifndef FZ_MODULES_H
#define FZ_MODULES_H

#include "engine/entity.h"

extern const struct entity entity_tasks;
extern const struct entity entity_progress_reports;
extern const struct entity entity_supervision_checks;

extern const struct entity *const module_entities[];
extern const int module_entity_count;

/* Registers module_entities with the engine (call once at start). */
void modules_register(void);

#endif
