"""Type stubs of the native module (python/src/lib.rs)."""

from os import PathLike
from typing import Any, List, Optional, Tuple, Union

__version__: str

class ScourError(Exception): ...

def run(
    input: Union[str, PathLike[str]],
    output: Union[str, PathLike[str]],
    config_json: Optional[str] = None,
    config_file: Optional[Union[str, PathLike[str]]] = None,
    threads: int = 0,
    progress: bool = False,
    formats: Optional[List[str]] = None,
    shard_rows: Optional[int] = None,
) -> str: ...
def dedup(
    input: Union[str, PathLike[str]],
    output: Union[str, PathLike[str]],
    config_json: Optional[str] = None,
    config_file: Optional[Union[str, PathLike[str]]] = None,
    threads: int = 0,
    progress: bool = False,
    formats: Optional[List[str]] = None,
    shard_rows: Optional[int] = None,
) -> str: ...

class Cleaner:
    def __init__(
        self, config_json: Optional[str] = None, config_file: Optional[Union[str, PathLike[str]]] = None
    ) -> None: ...
    def clean(self, data: Any, source: str, first_record: int) -> List[Tuple[str, Tuple[Any, Any]]]: ...
    def keys(self, data: Any, source: str, first_record: int) -> List[Tuple[str, Tuple[Any, Any]]]: ...
    def config_json(self) -> str: ...
    def input_files(self, input: Union[str, PathLike[str]]) -> Tuple[List[Tuple[str, str]], List[Tuple[str, Tuple[Any, Any]]]]: ...
    def file_keys(self, file: Union[bytes, str, PathLike[str]], source: str) -> List[Tuple[str, Tuple[Any, Any]]]: ...
    def file_left(self, file: Union[bytes, str, PathLike[str]], source: str, decisions: str) -> List[Tuple[str, Tuple[Any, Any]]]: ...
    def file_tables(
        self, file: Union[bytes, str, PathLike[str]], source: str, decisions: str, pages: str, lines: str
    ) -> List[Tuple[str, Tuple[Any, Any]]]: ...
