"""A Rasa training-data importer that adds the domain/ folder to domain.yml.

domain.yml (the intents, slots, actions and the coach's core lines) stays the
file Rasa is pointed at; each scenario's lines live in their own small file in
domain/. config.yml names this importer, so `rasa train`, `rasa data validate`
and `rasa test` all see the merged domain with their default arguments.
`dialogue.responses` reads the same files for output made outside Rasa.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Text, Union

from rasa.shared.core.domain import Domain
from rasa.shared.importers.rasa import RasaFileImporter

from assistant.paths import PROJECT_DIR

DOMAIN_FOLDER = "domain"


class SplitDomainImporter(RasaFileImporter):
    """RasaFileImporter whose domain is domain.yml merged with every YAML file in domain/."""

    def __init__(
        self,
        config_file: Optional[Text] = None,
        domain_path: Optional[Text] = None,
        training_data_paths: Optional[Union[List[Text], Text]] = None,
        domain_folder: Text = DOMAIN_FOLDER,
    ) -> None:
        super().__init__(config_file, domain_path, training_data_paths)
        folder = Path(domain_folder)
        self._domain_folder = folder if folder.is_absolute() else PROJECT_DIR / folder

    def get_domain(self) -> Domain:
        domain = super().get_domain()
        if self._domain_folder.is_dir():
            domain = domain.merge(Domain.from_directory(str(self._domain_folder)))
        return domain
