"""Pramern's domain: the rules of DOMAIN.md, the store and the importers. Never imports streamlit."""

import os

# Arrow's own allocator (mimalloc) reserves large ranges of address space up front: under the memory
# budget (RLIMIT_AS, README) that left too little for reading a large workbook into Arrow. The system
# allocator reserves only what is used. Set before anything imports pyarrow (pandas does, on import).
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
