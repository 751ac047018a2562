"""The compiled parts of textaudit: every ``audit/*.pyx`` and ``checks/*.pyx`` becomes an extension
module of the same name. Everything else is declared in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import setup

setup(ext_modules=cythonize(["audit/*.pyx", "checks/*.pyx"], compiler_directives={"language_level": "3"}))
