"""The optional compiled segmentation walk (boilerfree/_walk.pyx) and feature loops (boilerfree/_features.pyx);
everything else is in pyproject.toml.

Cython and lxml are build requirements: the walk reads lxml's element struct and libxml2's node structs from the
headers lxml's wheels ship (``lxml.get_include()``), and links against neither. Should it not compile, the install
still succeeds (``optional=True``) and boilerfree runs its pure-Python code (the same output, slower).
"""

from setuptools import Extension, setup


def extensions() -> list[Extension]:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:  # a build without the build requirements (--no-build-isolation): the pure walk
        return []
    walk = Extension("boilerfree._walk", ["boilerfree/_walk.pyx"], include_dirs=lxml.get_include())
    features = Extension("boilerfree._features", ["boilerfree/_features.pyx"])
    built = cythonize([walk, features], quiet=True)
    for extension in built:  # cythonize's copies do not keep optional=: a failed compile must not fail the install
        extension.optional = True
    return built


setup(ext_modules=extensions())
