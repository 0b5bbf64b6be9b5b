"""How much a request may send, and where it may send files.

Django counts only form fields against ``DATA_UPLOAD_MAX_MEMORY_SIZE``. The
file parts of a multipart body are stored (in memory, then in temporary
files) whatever their size and whichever view is asked, as soon as anything
reads ``request.POST``, and the CSRF check does that before the view runs. So
the anonymous vote endpoint took a 3 MB file. ``RequestLimitsMiddleware``
closes that, before any other code reads the body:

- a body larger than its address allows is refused before a byte of it is
  read (``Content-Length``, which is all Django reads of a body): where files
  are taken, the largest image and the rest of its form (``upload_body_limit``);
  elsewhere, ``DATA_UPLOAD_MAX_MEMORY_SIZE``. The 400 page says it was too
  large (cms/errors.py);
- files are taken only at the addresses in ``FILE_UPLOAD_PATHS`` (the admin,
  the editor's image upload), and only from signed-in staff. Anywhere else a
  POST with a file part is a 400, "This address does not accept files.", and
  nothing of the file is kept (the rest of the body is read and dropped, so
  the connection stays in step). At those addresses a request from anyone else
  has its file parts dropped the same way, and the page answers as it does for
  them (the sign-in page, 403).

Django fills ``request.FILES`` only for POST; the body of a PUT or PATCH is read
only by a view that asks for ``request.body``, which Django limits to
``DATA_UPLOAD_MAX_MEMORY_SIZE`` itself.
"""

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload


class FilesNotAccepted(BadRequest):
    """A file was sent to an address that takes none."""

    reason = "This address does not accept files."

    def __init__(self):
        super().__init__(self.reason)


class _FileParts(FileUploadHandler):
    """Store no file: note that one was sent, then stop or skip it."""

    def __init__(self, request, *, stop):
        super().__init__(request)
        self.stop = stop
        self.seen = False

    def new_file(self, *args, **kwargs):
        self.seen = True
        # StopUpload drops the rest of the body; SkipFile drops this part and
        # goes on with the form's other fields.
        raise StopUpload() if self.stop else SkipFile()

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def takes_files(request):
    """Return whether the address of REQUEST is one where files are taken."""
    return request.path_info.startswith(tuple(settings.FILE_UPLOAD_PATHS))


def upload_body_limit():
    """Return the largest body an address that takes files accepts, in bytes.

    The largest file a form takes is an image, a photo or one for the editor
    (IMAGE_UPLOAD_MAX_SIZE, core/images.py), sent with at most
    DATA_UPLOAD_MAX_MEMORY_SIZE of other fields.
    """
    return settings.IMAGE_UPLOAD_MAX_SIZE + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def content_length(request):
    """Return the body size REQUEST announces (what Django will read of it)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestLimitsMiddleware:
    """Refuse oversized bodies, and file parts where no file is taken.

    It must come before CsrfViewMiddleware in MIDDLEWARE: the CSRF check reads
    the form, and so the files, before the view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        files_here = takes_files(request)
        limit = (
            upload_body_limit() if files_here else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        size = content_length(request)
        if limit is not None and size > limit:
            raise RequestDataTooBig(f"A body of {size} bytes is over {limit}.")
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        user = getattr(request, "user", None)
        if files_here and user is not None and user.is_staff:
            return None
        handler = _FileParts(request, stop=not files_here)
        request.upload_handlers = [handler]
        request.POST  # noqa: B018 - parse the body now, through HANDLER
        if handler.seen and not files_here:
            raise FilesNotAccepted()
        return None
