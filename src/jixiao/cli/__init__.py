"""The ``jixiao`` command line: one thin command per job over ``jixiao.pipeline``."""
