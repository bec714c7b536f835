import Labs
