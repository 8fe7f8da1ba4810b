{
  "targets": [
    {
      "target_name": "jpeg_turbo",
      "sources": ["jpeg_turbo.c", "codec.c", "chroma.c", "napi_args.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-lturbojpeg"]
    }
  ]
}
