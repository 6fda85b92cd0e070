"""The optional compiled segmentation walk (boilerfree/_walk.pyx) and feature loops (boilerfree/_features.pyx);
everything else is in pyproject.toml.

Cython is the one build requirement: the walk reads Lexbor's node structs, declared in _walk.pyx itself (as
selectolax 1.0.x bundles Lexbor), and calls the Lexbor functions selectolax's extension exports, found at import; it
links against nothing. Should it not compile, the install still succeeds (``optional=True``) and boilerfree runs its
pure-Python code (the same output, slower).
"""

from setuptools import Extension, setup


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:  # a build without the build requirements (--no-build-isolation): the pure walk
        return []
    walk = Extension("boilerfree._walk", ["boilerfree/_walk.pyx"])
    features = Extension("boilerfree._features", ["boilerfree/_features.pyx"])
    built = cythonize([walk, features], quiet=True)
    for extension in built:  # cythonize's copies do not keep optional=: a failed compile must not fail the install
        extension.optional = True
    return built


setup(ext_modules=extensions())
